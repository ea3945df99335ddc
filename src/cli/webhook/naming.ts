import { EVENT_TYPES, eventFromKebab, eventToKebab, type EventType } from '../../events/event-types.js';

/** Which receiver route a webhook posts to: one event's own route, or the single-secret route. */
export type Route = EventType | 'single';

/** Separates the fingerprint in names: `systeme-hooks sale-new ·a1b2c3d4`. */
const MARK = ' ·';

/** `systeme-hooks sale-new ·a1b2c3d4` (per event) or `systeme-hooks ·a1b2c3d4` (single route). */
export function webhookName(base: string, route: Route, fingerprint: string): string {
  return route === 'single' ? `${base}${MARK}${fingerprint}` : `${base} ${eventToKebab(route)}${MARK}${fingerprint}`;
}

/** The route and fingerprint a name of ours carries, or undefined for any other name. */
export function parseWebhookName(base: string, name: string): { route: Route; fingerprint: string } | undefined {
  if (!name.startsWith(base)) return undefined;
  const match = /^(?: ([a-z-]+))? ·([0-9a-f]{8})$/.exec(name.slice(base.length));
  if (!match) return undefined;
  if (match[1] === undefined) return { route: 'single', fingerprint: match[2]! };
  const event = eventFromKebab(match[1]);
  return event ? { route: event, fingerprint: match[2]! } : undefined;
}

/** `https://h/webhooks/systeme` + SALE_NEW → `https://h/webhooks/systeme/sale-new`. */
export function routeUrl(baseUrl: string, route: Route): string {
  return route === 'single' ? baseUrl : `${baseUrl}/${eventToKebab(route)}`;
}

/**
 * The route a URL belongs to when it is the base URL or one of its per-event URLs; undefined
 * otherwise. URLs are unique per account (docs/systeme-io.md#webhook-resource), so this is how our webhooks are found:
 * a webhook at any other URL is never touched.
 */
export function routeOfUrl(baseUrl: string, url: string): Route | undefined {
  if (url === baseUrl) return 'single';
  return EVENT_TYPES.find((event) => url === routeUrl(baseUrl, event));
}
