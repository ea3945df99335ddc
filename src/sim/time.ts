/** `2026-09-27T20:16:26+00:00`: the ISO-8601 form (PHP's DATE_ATOM) Systeme.io writes timestamps in (docs/systeme-io.md#timestamps). */
export function atomTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export type Clock = () => Date;
