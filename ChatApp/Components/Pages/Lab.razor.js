// The lab's browser-side readouts: what the eye sees, measured where it happens.
// first-char-ms: from the Start click to the first character in the pane's message-content.
// late-frames: long animation frames (over 50 ms) while the pane's answer was pending or streaming.
// chars-per-s: characters shown per second while text streamed in (from the first character to the last change);
//   for a pane that showed everything at once, the characters over the time from Start.
// Auto-scroll: a pane whose knob is on follows its answer while the reader stays near the bottom.
const nearBottomPx = 80;

export function watch(root, dotnet) {
    const panes = {};
    let startedAt = null;
    let reportTimer = 0;

    for (const pane of root.querySelectorAll('[data-testid=lab-pane]')) {
        const state = panes[pane.dataset.pane] = fresh();
        const answer = pane.querySelector('.lab-pane-answer');
        answer.addEventListener('scroll', () => {
            state.following = answer.scrollHeight - answer.scrollTop - answer.clientHeight < nearBottomPx;
        }, { passive: true });
        new MutationObserver(() => observe(pane, state, answer))
            .observe(answer, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
    }

    root.querySelector('[data-testid=lab-start]').addEventListener('click', () => {
        startedAt = performance.now();
        for (const id of Object.keys(panes)) {
            panes[id] = Object.assign(panes[id], fresh());
        }
    });

    function fresh() {
        return { first: null, firstLength: 0, last: null, length: 0, late: 0, active: false, following: true, sent: '' };
    }

    function observe(pane, state, answer) {
        if (startedAt === null) {
            return;
        }
        const status = pane.querySelector('[data-testid=message]')?.dataset.status;
        state.active = status === 'pending' || status === 'streaming';
        const content = pane.querySelector('[data-testid=message-content]');
        const length = content ? content.textContent.length : 0;
        const now = performance.now();
        if (length > 0 && state.first === null) {
            state.first = now;
            state.firstLength = length;
        }
        if (length !== state.length) {
            state.length = length;
            state.last = now;
        }
        if (answer.dataset.autoscroll === 'on' && state.following) {
            answer.scrollTop = answer.scrollHeight;
        }
        scheduleReport();
    }

    function countLate(duration) {
        if (duration <= 50) {
            return;
        }
        for (const state of Object.values(panes)) {
            if (state.active) {
                state.late++;
            }
        }
        scheduleReport();
    }

    if (PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')) {
        new PerformanceObserver(list => list.getEntries().forEach(e => countLate(e.duration))).observe({ type: 'long-animation-frame' });
    } else {
        let previous = performance.now();
        const tick = now => { countLate(now - previous); previous = now; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
    }

    function scheduleReport() {
        if (!reportTimer) {
            reportTimer = setTimeout(report, 150);
        }
    }

    function report() {
        reportTimer = 0;
        for (const [id, state] of Object.entries(panes)) {
            if (state.first === null) {
                continue;
            }
            const firstMs = Math.round(state.first - startedAt);
            const streamedMs = state.last - state.first;
            const perSecond = streamedMs > 0
                ? (state.length - state.firstLength) / (streamedMs / 1000)
                : state.length / (Math.max(1, state.last - startedAt) / 1000);
            const figures = [firstMs, state.late, Math.round(perSecond)];
            const key = figures.join();
            if (key !== state.sent) {
                state.sent = key;
                dotnet.invokeMethodAsync('Measured', id, ...figures);
            }
        }
    }
}
