/**
 * Waits, at most `settleMs`, for a BullMQ queue's or worker's setup to end. BullMQ asks the server
 * for its version as soon as each of its connections is ready; closed in the middle of that
 * question, it reports the failure to no listener, an unhandled rejection that ends the process
 * with code 1 (docs/operations-shutdown.md). A Redis that never answers holds a stop no longer
 * than `settleMs`. Resolves to whether the setup ended (ready or failed) in that time.
 */
export async function setupSettled(target: { waitUntilReady(): Promise<unknown> }, settleMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), settleMs);
  });
  const settled = await Promise.race([target.waitUntilReady().then(yes, yes), bound]);
  clearTimeout(timer);
  return settled;
}

const yes = (): boolean => true;
