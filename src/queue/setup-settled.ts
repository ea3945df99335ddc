/**
 * Waits, at most `settleMs`, for a BullMQ queue's or worker's setup to end. BullMQ asks the server
 * for its version as soon as each of its connections is ready; closed in the middle of that
 * question, it reports the failure to no listener, an unhandled rejection that ends the process
 * with code 1 (docs/operations-shutdown.md). A Redis that never answers holds a stop no longer
 * than `settleMs`.
 */
export async function setupSettled(target: { waitUntilReady(): Promise<unknown> }, settleMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, settleMs);
  });
  await Promise.race([target.waitUntilReady().then(noop, noop), bound]);
  clearTimeout(timer);
}

const noop = (): void => undefined;
