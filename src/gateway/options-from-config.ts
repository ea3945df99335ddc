import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/load-config.js';
import type { GatewayOptions } from './gateway.js';

/** Gateway options from the loaded configuration; `extra` adds (or overrides) the rest. */
export function gatewayOptionsFromConfig(config: Config, extra: Partial<GatewayOptions> = {}): GatewayOptions {
  const { auth, baseUrl, timeoutMs, retries } = config.api;
  if (!auth) {
    throw new ConfigError([
      'SYSTEME_API_KEY / MATON_API_KEY: no API key; set SYSTEME_API_KEY or MATON_API_KEY to call the Systeme.io API',
    ]);
  }
  return { baseUrl, auth, timeoutMs, retries, ...extra };
}
