// The conversation's scrolling, copy buttons, image loading and frame telemetry.
//
// Following: while the reader is within the threshold of the bottom, each frame keeps the view at the
// bottom. The moment they move up themselves (wheel, touch, keys, scrollbar) following stops, and
// nothing pulls them back: not later frames, not the end of the stream, not their own first small steps
// up, which are still near the bottom (following resumes when they scroll down to it). Layout changes of our own
// (highlighting, images, a placeholder becoming a table) never count as the reader leaving; they only
// keep a following view at the bottom (ResizeObserver). While away and text arrives, the page shows
// "scroll to bottom" with a "new content" badge; clicking it or pressing End follows again.
export function attach(list, dotnet, thresholdPx) {
  const threshold = thresholdPx ?? 50;
  let following = true;
  let reportedAway = false;
  let reportedNew = false;
  let frame = 0;
  const distanceFromBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight;

  const report = (away, hasNew) => {
    if (away === reportedAway && hasNew === reportedNew) return;
    reportedAway = away;
    reportedNew = hasNew;
    dotnet.invokeMethodAsync("SetFollowState", away, hasNew).catch(() => {});
  };
  // Where our last pin put the view, and when: the browser reports that move a frame later, possibly after the
  // reader's wheel, and it must not read as the reader coming back to the bottom.
  let pinnedTop = -1;
  let pinnedAt = 0;
  const pinToBottom = () => {
    list.scrollTop = list.scrollHeight;
    pinnedTop = list.scrollTop;
    pinnedAt = performance.now();
  };
  const scrollToBottom = () => {
    following = true;
    pinToBottom();
    report(false, false);
  };
  const onContentChanged = () => {
    if (following) {
      // Keep up within this frame (no smooth scrolling to fight the stream), and once more after layout.
      pinToBottom();
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => { if (following) pinToBottom(); });
    } else if (distanceFromBottom() > threshold) {
      report(true, true);
    }
  };
  const leave = () => {
    following = false;
    requestAnimationFrame(() => {
      if (!following && distanceFromBottom() > threshold) report(true, reportedNew);
    });
  };
  const onWheel = (event) => { if (event.deltaY < 0) leave(); };
  const onKeyDown = (event) => {
    if (event.target.closest?.("textarea, input")) return;
    if (["ArrowUp", "PageUp", "Home"].includes(event.key)) leave();
    if (event.key === "End") scrollToBottom();
  };
  let lastTop = list.scrollTop;
  const onScroll = () => {
    const movingUp = list.scrollTop < lastTop;
    lastTop = list.scrollTop;
    if (!following && list.scrollTop === pinnedTop && performance.now() - pinnedAt < 1000) return; // our own pin, reported late
    const distance = distanceFromBottom();
    if (distance <= threshold) {
      // Back at the bottom by the reader's own scrolling: follow again. Not on the way up: a trackpad or a
      // smooth wheel moves in small steps, and the first ones are still near the bottom.
      if (following || !movingUp) {
        following = true;
        report(false, false);
      }
    } else if (!following) {
      report(true, reportedNew);
    }
  };
  const onPointerDown = (event) => {
    // A press on the scrollbar itself (outside the content box) is the reader taking control.
    if (event.offsetX > list.clientWidth) leave();
  };
  const onTouchMove = () => leave();

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
    ignoreOwnChanges();
    setTimeout(() => { button.textContent = "Copy"; ignoreOwnChanges(); }, 1500);
  };

  // Our own DOM changes (frame counts, image states, the copy button's label) are not frames: their records are
  // taken and dropped as soon as they are made (nothing of Blazor's can be pending at those points).
  const ignoreOwnChanges = () => mutations.takeRecords();

  // Images show a skeleton until loaded (alt text if they fail). An open block is re-rendered each
  // frame, so an image already loaded once is marked loaded as soon as its node appears: no flicker.
  const loadedImages = new Map(); // src → natural size, to reserve the space of a re-created image at once
  const markImage = (img, state) => {
    const holder = img.closest(".md-image");
    if (holder) holder.dataset.state = state;
  };
  const onImageEvent = (event) => {
    const img = event.target;
    if (!(img instanceof HTMLImageElement)) return;
    if (event.type === "load") loadedImages.set(img.src, [img.naturalWidth, img.naturalHeight]);
    markImage(img, event.type === "load" ? "loaded" : "error");
    ignoreOwnChanges();
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

  const telemetry = createFrameTelemetry(list, dotnet);
  const mutations = new MutationObserver((records) => {
    countFrames(records);
    adoptImages();
    onContentChanged();
    telemetry.onMutations(records);
    ignoreOwnChanges();
  });
  mutations.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
  const resizes = new ResizeObserver(() => { if (following) pinToBottom(); });
  resizes.observe(list);
  if (list.firstElementChild) resizes.observe(list.firstElementChild);

  list.addEventListener("wheel", onWheel, { passive: true });
  list.addEventListener("touchmove", onTouchMove, { passive: true });
  document.addEventListener("keydown", onKeyDown);
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
      telemetry.dispose();
      list.removeEventListener("wheel", onWheel);
      list.removeEventListener("touchmove", onTouchMove);
      document.removeEventListener("keydown", onKeyDown);
      list.removeEventListener("scroll", onScroll);
      list.removeEventListener("pointerdown", onPointerDown);
      list.removeEventListener("click", onClick);
      list.removeEventListener("load", onImageEvent, true);
      list.removeEventListener("error", onImageEvent, true);
    },
  };
}

// The contract's data-frames: how many render frames have updated a message's content. The server renders the
// count once (what it had sent before this page showed the content) and the page counts from there: every
// render batch that changed something inside the content is one frame. A batch is applied in one task, so its
// mutations arrive in one callback. Counting here saves every frame's batch an attribute edit (~70 bytes, a
// third of a text-only frame).
function countFrames(records) {
  const counted = new Set();
  for (const record of records) {
    const node = record.target.nodeType === Node.ELEMENT_NODE ? record.target : record.target.parentElement;
    const content = node?.closest("[data-testid=message-content]");
    if (content && !counted.has(content)) {
      counted.add(content);
      content.dataset.frames = String(Number(content.dataset.frames || 0) + 1);
    }
  }
}

// Per streamed answer: how long each server frame took to reach the screen (from the DOM change to the
// next animation frame) and how many animation frames were late (long animation frames: over 50 ms).
// One summary goes to the server when the answer ends, never one message per frame.
// Late frames come from the browser's Long Animation Frames API, not from a requestAnimationFrame loop: such a loop
// keeps the page rendering 60 times a second for the whole answer even when frames arrive 5 times a second, which
// costs a busy browser more than the frames themselves (measured in a Chromium trace). Without that API (Firefox,
// Safari) the loop is the fallback.
function createFrameTelemetry(list, dotnet) {
  let stream = null;
  let rafHandle = 0;
  let longTasks = 0;
  const observers = [];
  const watch = (type, onEntries) => {
    try {
      const observer = new PerformanceObserver((entries) => { if (stream) onEntries(entries.getEntries()); });
      observer.observe({ type, buffered: false });
      observers.push(observer);
    } catch { /* not supported here */ }
  };
  watch("longtask", (entries) => { longTasks += entries.length; });
  const longFramesObserved = PerformanceObserver.supportedEntryTypes?.includes("long-animation-frame") ?? false;
  if (longFramesObserved) {
    watch("long-animation-frame", (entries) => { stream.lateFrames += entries.filter((entry) => entry.duration > 50).length; });
  }

  const lastAssistant = () => {
    const messages = list.querySelectorAll("[data-testid=message][data-role=assistant]");
    return messages[messages.length - 1];
  };
  const watchAnimationFrames = (previous) => {
    rafHandle = requestAnimationFrame((now) => {
      if (!stream) return;
      if (previous !== undefined && now - previous > 50) stream.lateFrames++;
      watchAnimationFrames(now);
    });
  };
  const onMutations = () => {
    const message = lastAssistant();
    const status = message?.dataset.status;
    const content = message?.querySelector("[data-testid=message-content]");
    const frames = Number(content?.dataset.frames ?? 0);
    if (status === "pending" || status === "streaming") {
      if (!stream) {
        stream = { frames: 0, lastFrames: frames, applyTimes: [], lateFrames: 0, answerId: message.dataset.answerId };
        longTasks = 0;
        if (!longFramesObserved) watchAnimationFrames();
      }
      if (frames !== stream.lastFrames) {
        stream.lastFrames = frames;
        stream.frames++;
        const changedAt = performance.now();
        requestAnimationFrame(() => stream?.applyTimes.push(performance.now() - changedAt));
      }
    } else if (stream) {
      const finished = stream;
      stream = null;
      cancelAnimationFrame(rafHandle);
      const sorted = [...finished.applyTimes].sort((a, b) => a - b);
      const at = (q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
      dotnet.invokeMethodAsync("ReportFrameTelemetry", {
        frames: finished.frames,
        applyMsP50: at(0.5),
        applyMsP95: at(0.95),
        applyMsMax: sorted.length ? sorted[sorted.length - 1] : 0,
        applyTimesMs: sorted.slice(-200),
        lateFrames: finished.lateFrames,
        longTasks,
        answerId: finished.answerId ?? null,
      }).catch(() => {});
    }
  };
  return {
    onMutations,
    dispose: () => { cancelAnimationFrame(rafHandle); observers.forEach((observer) => observer.disconnect()); },
  };
}
