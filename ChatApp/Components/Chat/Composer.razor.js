// Keyboard behaviour of the composer: Enter sends, Shift+Enter adds a line, Esc stops.
// Enter sends the textarea's current value through .NET so no keystroke is lost to a round trip.
// (The textarea grows with its content through CSS `field-sizing`, so no JS sizing here.)
export function attach(textarea, dotnet) {
  const onKeyDown = (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (textarea.value.trim().length > 0) {
        dotnet.invokeMethodAsync("SubmitFromKeyboardAsync", textarea.value);
      }
    }
  };
  const onDocumentKeyDown = (event) => {
    // Esc stops a streaming answer wherever focus is on the page.
    if (event.key === "Escape") {
      dotnet.invokeMethodAsync("StopFromKeyboardAsync");
    }
  };
  textarea.addEventListener("keydown", onKeyDown);
  document.addEventListener("keydown", onDocumentKeyDown);
  return {
    focus: () => textarea.focus(),
    dispose: () => {
      textarea.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("keydown", onDocumentKeyDown);
    },
  };
}
