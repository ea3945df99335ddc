import { pino, type DestinationStream, type Logger } from 'pino';

/** Every place a secret could appear in a log object; pino replaces them with `[redacted]`. */
export const REDACT_PATHS = [
  'secret',
  'secrets',
  'apiKey',
  'authorization',
  // Node's parse errors carry the raw request bytes (headers and body) as `rawPacket`.
  'rawPacket',
  '*.rawPacket',
  '*.secret',
  '*.secrets',
  '*.apiKey',
  '*.authorization',
  'headers["x-webhook-signature"]',
  'headers["x-api-key"]',
  'req.headers["x-webhook-signature"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'config.env.SYSTEME_WEBHOOK_SECRET',
  'config.env.SYSTEME_API_KEY',
  'config.env.MATON_API_KEY',
  'config.env.ADMIN_TOKEN',
  'config.env.REDIS_PASSWORD',
  'config.env.REDIS_SENTINEL_PASSWORD',
  'password',
  'sentinelPassword',
  '*.password',
  '*.sentinelPassword',
  'endpoint.password',
  'endpoint.sentinelPassword',
  'config.redis.endpoint.password',
  'config.redis.endpoint.sentinelPassword',
];

export interface LoggerOptions {
  /** Default `info`. */
  level?: string;
  /** Human-readable lines (pino-pretty) instead of JSON. Default false. */
  pretty?: boolean;
  /** Process name bound to every line, e.g. `receiver` or `worker`. */
  name?: string;
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(options.name ? { name: options.name } : {}),
  };
  if (destination) return pino(base, destination);
  if (options.pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}
