import type { FastifyInstance } from 'fastify';
import { MIN_ADMIN_TOKEN_LENGTH } from '../config/env-schema.js';
import { addAdminGuard } from './admin-guard.js';
import { createLoginLimiter, type LoginLimiter, type LoginLimiterOptions } from './admin-login-limiter.js';

/** Every admin page lives under this prefix, behind one guard. */
export const ADMIN_PREFIX = '/admin';

/** One admin page or API: a Fastify plugin registered inside the guarded `/admin` scope. */
export type AdminMount = (app: FastifyInstance) => Promise<void>;

export interface AdminPluginOptions {
  /** `ADMIN_TOKEN`, at least 24 characters. */
  token: string;
  /** The pages, each registered under `/admin` (give each its own sub-prefix). */
  mounts: AdminMount[];
  /** Failed-login limits; or a limiter shared with another scope. */
  limiter?: LoginLimiter | LoginLimiterOptions;
}

/**
 * The admin surface: every route the mounts register under `/admin` gets the admin guard
 * (token, failed-login limit per address, same-origin writes, security headers, hidden 5xx
 * text), and so do unknown paths under it. Pass the result in `buildApp`'s `plugins`.
 */
export function adminPlugin(options: AdminPluginOptions): (app: FastifyInstance) => Promise<void> {
  if (options.token.trim().length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new TypeError(`adminPlugin needs an ADMIN_TOKEN of at least ${MIN_ADMIN_TOKEN_LENGTH} characters (openssl rand -hex 32), or leave the admin pages off`);
  }
  const limiter = options.limiter && 'fail' in options.limiter ? options.limiter : createLoginLimiter(options.limiter);
  return async (app) => {
    await app.register(
      async (scope) => {
        addAdminGuard(scope, { token: options.token, limiter });
        for (const mount of options.mounts) await scope.register(mount);
      },
      { prefix: ADMIN_PREFIX },
    );
  };
}
