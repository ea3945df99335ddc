/** Runs `fn` and returns the unhandled rejections seen during it and a little after. */
export async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    await fn();
    // Rejections are reported after the turn that left them unhandled.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    process.off('unhandledRejection', record);
  }
  return unhandled;
}
