// Follows a streaming answer while the reader is at the bottom of the conversation, and stops
// following the moment they scroll up themselves (wheel, touch, keys, scrollbar). Our own layout
// changes never count as the reader leaving: only their input does. Also wires the code blocks'
// copy buttons (event delegation, so blocks rendered later need no wiring).
const FOLLOW_THRESHOLD_PX = 50;

export function attach(list) {
  let following = true;
  let frame = 0;
  const distanceFromBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight;

  const scrollToBottom = () => {
    following = true;
    list.scrollTop = list.scrollHeight;
  };
  const scheduleFollow = () => {
    if (!following) return;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (following) list.scrollTop = list.scrollHeight;
    });
  };
  const leaveIfUserScrolledUp = () => {
    requestAnimationFrame(() => {
      if (distanceFromBottom() > FOLLOW_THRESHOLD_PX) following = false;
    });
  };
  const onWheel = (event) => { if (event.deltaY < 0) following = false; };
  const onKeyDown = (event) => {
    if (["ArrowUp", "PageUp", "Home"].includes(event.key)) leaveIfUserScrolledUp();
    if (event.key === "End") scrollToBottom();
  };
  const onScroll = () => {
    // Back at the bottom by any means: follow again.
    if (distanceFromBottom() <= FOLLOW_THRESHOLD_PX) following = true;
  };
  const onPointerDown = (event) => {
    // A press on the scrollbar itself (outside the content box) is the reader taking control.
    if (event.offsetX > list.clientWidth) leaveIfUserScrolledUp();
  };
  const onClick = async (event) => {
    const button = event.target.closest("[data-testid=copy-code]");
    if (!button) return;
    const code = button.closest("[data-testid=code-block]")?.querySelector("code");
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code.textContent);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Copy failed";
    }
    setTimeout(() => { button.textContent = "Copy"; }, 1500);
  };

  // Images show a skeleton until loaded (alt text if they fail). An open block is re-rendered each
  // frame, so an image already loaded once is marked loaded as soon as its node appears: no flicker.
  const loadedImages = new Map(); // src → natural size, to reserve the space of a re-created image at once
  const markImage = (img, state) => {
    const frame = img.closest(".md-image");
    if (frame) frame.dataset.state = state;
  };
  const onImageEvent = (event) => {
    const img = event.target;
    if (!(img instanceof HTMLImageElement)) return;
    if (event.type === "load") loadedImages.set(img.src, [img.naturalWidth, img.naturalHeight]);
    markImage(img, event.type === "load" ? "loaded" : "error");
    scheduleFollow();
  };
  const adoptImages = () => {
    for (const img of list.querySelectorAll(".md-image[data-state=loading] img")) {
      const size = loadedImages.get(img.src);
      if (size) {
        img.width = size[0];
        img.height = size[1];
        markImage(img, "loaded");
      } else if (img.complete && img.naturalWidth > 0) {
        markImage(img, "loaded");
      }
    }
  };

  const mutations = new MutationObserver(() => { adoptImages(); scheduleFollow(); });
  mutations.observe(list, { childList: true, subtree: true, characterData: true });
  const resizes = new ResizeObserver(scheduleFollow);
  resizes.observe(list);
  if (list.firstElementChild) resizes.observe(list.firstElementChild);

  list.addEventListener("wheel", onWheel, { passive: true });
  list.addEventListener("touchmove", leaveIfUserScrolledUp, { passive: true });
  list.addEventListener("keydown", onKeyDown);
  list.addEventListener("scroll", onScroll, { passive: true });
  list.addEventListener("pointerdown", onPointerDown);
  list.addEventListener("click", onClick);
  list.addEventListener("load", onImageEvent, true);   // load/error don't bubble: capture them
  list.addEventListener("error", onImageEvent, true);

  return {
    scrollToBottom,
    dispose: () => {
      cancelAnimationFrame(frame);
      mutations.disconnect();
      resizes.disconnect();
      list.removeEventListener("wheel", onWheel);
      list.removeEventListener("touchmove", leaveIfUserScrolledUp);
      list.removeEventListener("keydown", onKeyDown);
      list.removeEventListener("scroll", onScroll);
      list.removeEventListener("pointerdown", onPointerDown);
      list.removeEventListener("click", onClick);
      list.removeEventListener("load", onImageEvent, true);
      list.removeEventListener("error", onImageEvent, true);
    },
  };
}
