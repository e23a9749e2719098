// Keyboard behaviour of the composer: Enter sends, Shift+Enter adds a line, Esc stops, ↑ in an empty
// composer edits the last prompt.
// Enter sends the textarea's current value through .NET so no keystroke is lost to a round trip.
// (The textarea grows with its content through CSS `field-sizing`, so no JS sizing here.)
export function attach(textarea, dotnet) {
  const onKeyDown = async (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (textarea.value.trim().length > 0) {
        dotnet.invokeMethodAsync("SubmitFromKeyboardAsync", textarea.value);
      }
    } else if (event.key === "ArrowUp" && textarea.value.length === 0) {
      // ↑ in an empty composer brings the last prompt back to edit (caret at its end).
      event.preventDefault();
      const recalled = await dotnet.invokeMethodAsync("RecallLastPrompt");
      if (recalled) {
        textarea.value = recalled;
        textarea.setSelectionRange(recalled.length, recalled.length);
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
