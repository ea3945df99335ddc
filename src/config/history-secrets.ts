import type { Config } from './load-config.js';

/** What must never reach the history even inside an error message: the API key and the webhook secrets. */
export function historySecrets(config: Config): string[] {
  return [...(config.api.auth ? [config.api.auth.apiKey] : []), ...config.webhook.secrets, ...(config.adminToken ? [config.adminToken] : [])];
}
