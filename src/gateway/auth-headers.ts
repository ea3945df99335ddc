import type { ApiAuth } from '../config/load-config.js';

/** The headers that authenticate a call (docs/systeme-io.md#base-url-and-authentication, docs/systeme-io.md#maton-gateway): `X-API-Key` direct, a bearer token through Maton. */
export function authHeaders(auth: ApiAuth): Record<string, string> {
  if (auth.mode === 'direct') return { 'x-api-key': auth.apiKey };
  return {
    authorization: `Bearer ${auth.apiKey}`,
    ...(auth.connection ? { 'maton-connection': auth.connection } : {}),
  };
}

/** The environment variable holding the key of this mode, for error messages. */
export function keyVariable(mode: ApiAuth['mode']): 'SYSTEME_API_KEY' | 'MATON_API_KEY' {
  return mode === 'direct' ? 'SYSTEME_API_KEY' : 'MATON_API_KEY';
}
