import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. V8's default grows it by up to four times under a high allocation
 * rate: the short-lived objects of deliveries and jobs then fill 60–80 MB of old space between
 * collections. At 20 % the old space stays near what is live, at no measurable cost in
 * throughput or CPU: `serve` peaked at 117–122 MB instead of 162–181 MB under load, `work` at
 * 121–129 MB instead of 193–197 MB (docs/receiver-performance.md#third-round-one-round-trip-and-a-heap-kept-near-what-is-live,
 * docs/worker-performance.md#heap).
 */
export const HEAP_GROWING_PERCENT = 20;

/** For the long-running processes (`serve`, `work`, `start`), before they start: V8 reads it at each collection. */
export function keepHeapNearLive(percent: number = HEAP_GROWING_PERCENT): void {
  // Not accepted in NODE_OPTIONS, so the process sets it itself.
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
