export interface LoginLimiterOptions {
  /** Failed logins allowed per client address within `windowMs`. Default 10. */
  maxFailures?: number;
  /** How long failures are counted, and how long an address stays refused once over, ms. Default 15 min. */
  windowMs?: number;
  /** Addresses remembered at once; the oldest are forgotten first. Default 10,000. */
  maxAddresses?: number;
  now?: () => number;
}

export interface LoginLimiter {
  /** Ms until the address may try again, or 0 when it may try now. */
  blockedFor(address: string): number;
  /** Counts a failed login; returns the failures counted in the current window. */
  fail(address: string): number;
  readonly maxFailures: number;
}

/**
 * Failed admin logins per client address, in memory (one receiver process). Past `maxFailures`
 * in a window the address is refused until the window ends, even with the right token, so a
 * guess cannot be confirmed. Shared by every admin page of the process.
 */
export function createLoginLimiter(options: LoginLimiterOptions = {}): LoginLimiter {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is the age order: a Map forgets its oldest entry first.
  const windows = new Map<string, { since: number; failures: number }>();

  const current = (address: string) => {
    const entry = windows.get(address);
    if (entry && now() - entry.since >= windowMs) {
      windows.delete(address);
      return undefined;
    }
    return entry;
  };

  return {
    maxFailures,
    blockedFor(address) {
      const entry = current(address);
      if (!entry || entry.failures < maxFailures) return 0;
      return Math.max(1, entry.since + windowMs - now());
    },
    fail(address) {
      const entry = current(address) ?? { since: now(), failures: 0 };
      entry.failures += 1;
      windows.delete(address);
      windows.set(address, entry);
      while (windows.size > maxAddresses) windows.delete(windows.keys().next().value as string);
      return entry.failures;
    },
  };
}
