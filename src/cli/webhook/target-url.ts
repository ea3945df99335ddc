import type { Config } from '../../config/load-config.js';
import { eventFromKebab } from '../../events/event-types.js';
import { usageError } from '../support/usage-error.js';

/**
 * The receiver's public webhook URL: `--url`, else `$PUBLIC_URL/webhooks/systeme`; without a
 * trailing slash. A plain-http URL is a usage error (exit 2) unless `allowHttp`: deliveries
 * would cross the internet unencrypted. So is a URL with credentials in it.
 */
export function webhookBaseUrl(given: string | undefined, config: Config, allowHttp: boolean): string {
  const text = given ?? (config.publicUrl ? `${config.publicUrl.replace(/\/+$/, '')}/webhooks/systeme` : undefined);
  if (text === undefined) {
    throw usageError('--url is required (or set PUBLIC_URL): the public address of the receiver, e.g. --url https://hooks.example.com/webhooks/systeme');
  }
  const from = given === undefined ? 'PUBLIC_URL' : '--url';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`${from}: not an absolute URL; write it like https://hooks.example.com/webhooks/systeme`);
  }
  // Checked first, and the URL is not repeated: it would print the credentials it carries.
  if (url.username !== '' || url.password !== '') {
    throw usageError(
      `${from}: the URL carries a user name or password; Systeme.io would store and show them with the webhook. ` +
        'Give the plain URL: deliveries are authenticated by their signature',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`--url: expected an https:// URL, got ${url.protocol}`);
  if (url.search || url.hash) throw usageError('--url: leave out the query string and fragment; the per-event routes are appended to the path');
  if (url.protocol === 'http:' && !allowHttp) {
    throw usageError(
      `refusing the non-HTTPS URL ${text}: Systeme.io would send every delivery unencrypted. Use https://, or pass --allow-http for a local test`,
    );
  }
  const base = url.href.replace(/\/+$/, '');
  const route = /\/webhooks\/systeme\/([a-z-]+)$/.exec(url.pathname.replace(/\/+$/, ''))?.[1];
  if (route !== undefined && eventFromKebab(route)) {
    throw usageError(`--url: give the base route (…/webhooks/systeme), not one event's route (…/${route}): the per-event routes are appended to it`);
  }
  return base;
}
