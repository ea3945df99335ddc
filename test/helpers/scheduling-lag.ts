import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LagMonitor {
  /** The longest this process was kept from running a due timer so far, ms (0 on an idle machine). */
  maxMs(): number;
  stop(): number;
}

/**
 * Measures how late this process runs what is due (event-loop delay: a busy machine, GC). A test
 * that compares times observed here with times decided elsewhere (Redis, a child process)
 * tolerates exactly that much, instead of assuming an idle machine.
 */
export function monitorLag(): LagMonitor {
  const RESOLUTION_MS = 5;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  // Each sample is the time between two timer runs `RESOLUTION_MS` apart: the sampling interval
  // plus the delay, so the maximum errs on the generous side by that interval.
  const maxMs = () => (histogram.count === 0 ? RESOLUTION_MS : histogram.max / 1e6);
  return {
    maxMs,
    stop() {
      histogram.disable();
      return maxMs();
    },
  };
}
