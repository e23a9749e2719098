// Keyboard behaviour of the composer: Enter sends, Shift+Enter adds a line, Esc stops, ↑ in an empty
// composer edits the last prompt.
// Enter sends the textarea's current value through .NET so no keystroke is lost to a round trip.
// (The textarea grows with its content through CSS `field-sizing`, so no JS sizing here.)
// Images pasted into the textarea or dropped on the composer are handed to its file input, so the server
// takes them through the same path as the attach button.
export function attach(textarea, dotnet, root, fileInput) {
  const onKeyDown = async (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (textarea.value.trim().length > 0 || textarea.dataset.attachments !== "0") {
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
  const handFiles = (files) => {
    if (!fileInput || files.length === 0) return;
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    fileInput.files = transfer.files;
    fileInput.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const onPaste = (event) => {
    const images = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith("image/"));
    if (images.length === 0) return;
    // A screenshot pastes as an image; text that came along with it (rare) still pastes as text.
    if (!event.clipboardData.types.includes("text/plain")) event.preventDefault();
    handFiles(images);
  };
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
  const onDragOver = (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    root.classList.add("composer-dragging");
  };
  const onDragLeave = (event) => {
    if (!root.contains(event.relatedTarget)) root.classList.remove("composer-dragging");
  };
  const onDrop = (event) => {
    root.classList.remove("composer-dragging");
    if (!hasFiles(event)) return;
    event.preventDefault();
    handFiles([...event.dataTransfer.files]); // the server refuses what is not an image, with a reason
  };
  textarea.addEventListener("keydown", onKeyDown);
  textarea.addEventListener("paste", onPaste);
  root.addEventListener("dragover", onDragOver);
  root.addEventListener("dragleave", onDragLeave);
  root.addEventListener("drop", onDrop);
  document.addEventListener("keydown", onDocumentKeyDown);
  return {
    focus: () => textarea.focus(),
    dispose: () => {
      textarea.removeEventListener("keydown", onKeyDown);
      textarea.removeEventListener("paste", onPaste);
      root.removeEventListener("dragover", onDragOver);
      root.removeEventListener("dragleave", onDragLeave);
      root.removeEventListener("drop", onDrop);
      document.removeEventListener("keydown", onDocumentKeyDown);
    },
  };
}
