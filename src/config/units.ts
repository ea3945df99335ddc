const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `30s`, `15m`, `12h`, `7d`; a bare number is seconds. Returns milliseconds or undefined. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(Number(match[1]) * (DURATION_MS[unit] ?? 1000));
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib)?$/i;
const SIZE_BYTES: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1_000_000, mib: 1_048_576 };

/** Parses `1048576`, `512kb`, `1mib`; a bare number is bytes. Returns bytes or undefined. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.round(Number(match[1]) * (SIZE_BYTES[unit] ?? 1));
}

/** Parses a rate such as `10/1s` or `600/1m` into a count per window. */
export function parseRate(text: string): { max: number; durationMs: number } | undefined {
  const [count, window] = text.split('/');
  if (count === undefined || window === undefined || !/^\d+$/.test(count.trim())) return undefined;
  const durationMs = parseDuration(window);
  const max = Number(count);
  if (durationMs === undefined || durationMs <= 0 || max <= 0) return undefined;
  return { max, durationMs };
}
