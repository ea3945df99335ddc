/** Every timer the simulator schedules (redeliveries, queued memberships), so close and reset can cancel them all. */
export interface Timers {
  /** Runs `task` after `delayMs`; `kind` names the timers `runNow` may bring forward. */
  later(delayMs: number, task: () => void, kind?: string): void;
  /** Runs every pending task of `kind` at once (their timers are dropped); resolves how many ran. */
  runNow(kind: string): number;
  cancelAll(): void;
}

export function createTimers(): Timers {
  const pending = new Map<NodeJS.Timeout, { task: () => void; kind: string | undefined }>();
  return {
    later(delayMs, task, kind) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        task();
      }, delayMs);
      pending.set(timer, { task, kind });
    },
    runNow(kind) {
      const due = [...pending].filter(([, entry]) => entry.kind === kind);
      for (const [timer, entry] of due) {
        clearTimeout(timer);
        pending.delete(timer);
        entry.task();
      }
      return due.length;
    },
    cancelAll() {
      for (const timer of pending.keys()) clearTimeout(timer);
      pending.clear();
    },
  };
}
