import { InvalidArgumentError } from 'commander';
import { EVENT_TYPES, eventFromKebab, type EventType } from '../../events/event-types.js';
import { parseDuration, parseRate } from '../../config/units.js';

// Commander turns an InvalidArgumentError into a usage error: exit code 2, like any bad option.

/** `SALE_NEW` or `sale-new`. */
export function parseEvent(value: string): EventType {
  const event = eventFromKebab(value.trim());
  if (!event) throw new InvalidArgumentError(`expected one of ${EVENT_TYPES.join(', ')} (or the kebab-case form, e.g. sale-new)`);
  return event;
}

/** `30s`, `15m`, `2h`, `30d` → milliseconds. */
export function parseDurationOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('expected a duration such as 30s, 15m, 2h or 30d');
  return ms;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
}

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number, 0–65535');
  return Number(value);
}

/** `N/SECONDS`, e.g. `10/1` (a bare window is seconds) or `600/1m`. */
export function parseRateOption(value: string): { max: number; durationMs: number } {
  const rate = parseRate(value);
  if (!rate) throw new InvalidArgumentError('expected N/WINDOW such as 10/1 (10 per second) or 600/1m');
  return rate;
}

export function parseFraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new InvalidArgumentError('expected a number between 0 and 1, e.g. 0.1');
  }
  return number;
}

export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return Number(value);
}

/** A positive integer id (contact, price plan, course). */
export function parseId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value.trim())) throw new InvalidArgumentError('expected a positive whole number id');
  return Number(value);
}
