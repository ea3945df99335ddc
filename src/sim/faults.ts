import { httpError, type SimHttpError } from './errors.js';

export interface Faults {
  /** The error to answer instead of handling the request, or undefined to handle it. */
  pick(): SimHttpError | undefined;
}

/**
 * `failRate` of API requests fail before their handler runs, so a faulted request never
 * changes state (a client may safely retry it). Half are 500, half 503 with `Retry-After: 1`.
 */
export function createFaults(failRate: number, random: () => number): Faults {
  return {
    pick() {
      if (failRate <= 0 || random() >= failRate) return undefined;
      if (random() < 0.5) return httpError(500, 'Simulated failure (failRate): retry the request.', 'Internal Server Error');
      return httpError(503, 'Simulated outage (failRate): retry after the Retry-After delay.', 'Service Unavailable', { 'retry-after': '1' });
    },
  };
}
