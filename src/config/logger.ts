import { pino, type DestinationStream, type Logger } from 'pino';
import { createRedactor } from './log-redaction.js';

/** Every place a secret could appear in a log object; they are replaced with `[redacted]` (src/config/log-redaction.ts). */
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

const redact = createRedactor(REDACT_PATHS, '[redacted]');

/**
 * Redaction by our own redactor instead of pino's `redact` option, which costs a receiver more
 * than the rest of its log line (docs/receiver-performance.md): each line's fields and each
 * child logger's bindings go through it. An object interpolated into the message (`%o`, `%j`)
 * is not: log objects as the first argument, as the project does.
 */
function redacting(logger: Logger): Logger {
  const child = logger.child;
  const redactingChild: Logger['child'] = function (this: Logger, bindings, childOptions) {
    return child.call(this, redact(bindings), childOptions);
  } as Logger['child'];
  // Children inherit it from the instance they are made from (pino makes them with Object.create).
  logger.child = redactingChild;
  return logger;
}

/**
 * pino's error serializer, but the message is said once: it appends each cause's message to the
 * error's own, and an error that wraps another (an action's failure around the API's answer)
 * already says its cause. The stack keeps every cause.
 */
function serializeError(error: unknown) {
  const serialized = pino.stdSerializers.err(error as Error);
  if (error instanceof Error && error.cause instanceof Error && error.message.includes(error.cause.message)) serialized.message = error.message;
  return serialized;
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const base = {
    level: options.level ?? 'info',
    serializers: { err: serializeError },
    formatters: { log: redact, bindings: redact },
    ...(options.name ? { name: options.name } : {}),
  };
  if (destination) return redacting(pino(base, destination));
  if (options.pretty) return redacting(pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } }));
  return redacting(pino(base, batchedStdout()));
}

let stdout: DestinationStream | undefined;

/**
 * Standard output, with the lines logged in one turn of the event loop written together at its
 * end: a busy receiver makes one write per turn instead of one per delivery, and a quiet one
 * shows each line at once. What is pending when the process exits is written before it does.
 * One per process, shared by its loggers.
 */
function batchedStdout(): DestinationStream {
  if (stdout) return stdout;
  const out = pino.destination({ dest: 1, sync: true });
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    out.write(text);
  };
  process.once('exit', flush);
  stdout = {
    write(line: string) {
      pending += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
  return stdout;
}
