/** Every timer the simulator schedules (redeliveries, queued memberships), so close and reset can cancel them all. */
export interface Timers {
  later(delayMs: number, task: () => void): void;
  cancelAll(): void;
}

export function createTimers(): Timers {
  const pending = new Set<NodeJS.Timeout>();
  return {
    later(delayMs, task) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        task();
      }, delayMs);
      pending.add(timer);
    },
    cancelAll() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
