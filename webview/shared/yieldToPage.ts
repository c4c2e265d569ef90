/**
 * Lets the page handle input and paint between pieces of synchronous TF.js work. On the CPU
 * backend `await tensor.data()` resolves at once (a microtask), so a loop of such awaits is one
 * long task that freezes the panel; a macrotask boundary breaks it up. A MessageChannel rather
 * than setTimeout: browsers clamp and throttle timers (a hidden webview keeps running here).
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Yields until the page has painted a frame (or 50 ms passed: a hidden webview gets no frames).
 * A MessageChannel yield lets input through but not necessarily a paint: between batches of
 * several seconds (the CPU backend) the browser may keep running tasks without rendering, so a
 * button never becomes clickable. Used where each step is long, so the 16 ms are negligible.
 */
export function yieldForPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return yieldToPage();
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(finish, 50);
    requestAnimationFrame(() => setTimeout(finish, 0));
  });
}
