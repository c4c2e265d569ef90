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
