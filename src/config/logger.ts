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
  // Asynchronous: a line is handed to a write in the background and lines logged while one is
  // under way go out together in the next, so a busy receiver makes one write per batch instead
  // of one blocking write per delivery. pino flushes what is left synchronously on exit.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}
