// Keyboard behaviour of the composer: Enter sends, Shift+Enter adds a line, Esc stops, ↑ in an empty
// composer edits the last prompt.
// The draft lives in the textarea, not on the server: typing sends nothing but a change of state (empty or not,
// over the length limit or not), and sending reads the text through a stream (readText), so a pasted log of
// 100,000 characters never becomes one oversized message that would close the page's connection.
// (The textarea grows with its content through CSS `field-sizing`, so no JS sizing here.)
// Images pasted into the textarea or dropped on the composer are handed to its file input, so the server
// takes them through the same path as the attach button.
// Any textarea's text as bytes, for Blazor to stream to the server (an edited prompt is read this way too).
export function readText(textarea) {
  return new TextEncoder().encode(textarea.value);
}

// The longest draft sent inline with Enter: even escaped as JSON (6 bytes a character at worst) it stays well
// under SignalR's 32 KB message limit.
const inlineChars = 4000;

export function attach(textarea, dotnet, root, fileInput, maxChars) {
  let reported = null;
  const report = () => {
    const blank = textarea.value.trim().length === 0;
    const over = textarea.value.length > maxChars;
    const state = `${blank}/${over}/${over ? textarea.value.length : 0}`;
    if (state === reported) return;
    reported = state;
    dotnet.invokeMethodAsync("DraftChanged", blank, over ? textarea.value.length : 0).catch(() => {});
  };
  const onInput = () => report();
  const onKeyDown = async (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if ((textarea.value.trim().length > 0 || textarea.dataset.attachments !== "0") && textarea.value.length <= maxChars) {
        // A short draft rides along (the answer starts one round trip sooner); a long one is read as a stream.
        dotnet.invokeMethodAsync("SubmitFromKeyboardAsync", textarea.value.length <= inlineChars ? textarea.value : null);
      }
    } else if (event.key === "ArrowUp" && textarea.value.length === 0) {
      // ↑ in an empty composer brings the last prompt back to edit (caret at its end).
      event.preventDefault();
      const recalled = await dotnet.invokeMethodAsync("RecallLastPrompt");
      if (recalled) {
        textarea.value = recalled;
        textarea.setSelectionRange(recalled.length, recalled.length);
        report();
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
  textarea.addEventListener("input", onInput);
  textarea.addEventListener("keydown", onKeyDown);
  textarea.addEventListener("paste", onPaste);
  root.addEventListener("dragover", onDragOver);
  root.addEventListener("dragleave", onDragLeave);
  root.addEventListener("drop", onDrop);
  document.addEventListener("keydown", onDocumentKeyDown);
  report();
  return {
    focus: () => textarea.focus(),
    // The draft's text, as bytes Blazor streams to the server in pieces under its message size limit.
    readText: () => new TextEncoder().encode(textarea.value),
    clear: () => { textarea.value = ""; report(); },
    setText: (text) => { textarea.value = text; report(); },
    dispose: () => {
      textarea.removeEventListener("input", onInput);
      textarea.removeEventListener("keydown", onKeyDown);
      textarea.removeEventListener("paste", onPaste);
      root.removeEventListener("dragover", onDragOver);
      root.removeEventListener("dragleave", onDragLeave);
      root.removeEventListener("drop", onDrop);
      document.removeEventListener("keydown", onDocumentKeyDown);
    },
  };
}
