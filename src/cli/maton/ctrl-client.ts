import { z } from 'zod';
import { AppError } from '../../common/app-error.js';

/**
 * Maton's control API (`MATON_CTRL_URL`, default https://ctrl.maton.ai), as Maton documents it
 * for its `systeme` app: `GET /connections?app=systeme[&status=ACTIVE]` →
 * `{connections: [...]}`, `POST /connections {"app":"systeme"}`, `GET /connections/{id}` →
 * `{connection: {...}}` whose `url` the operator opens to authorise, `DELETE /connections/{id}`.
 * Auth: `Authorization: Bearer <MATON_API_KEY>`. Statuses seen: ACTIVE, PENDING, FAILED.
 */
export const connectionSchema = z.looseObject({
  connection_id: z.string(),
  status: z.string(),
  creation_time: z.string().nullish(),
  last_updated_time: z.string().nullish(),
  url: z.string().nullish(),
  app: z.string().nullish(),
  method: z.string().nullish(),
});

export type MatonConnection = z.output<typeof connectionSchema>;

const listSchema = z.looseObject({ connections: z.array(connectionSchema) });
// The create answer is not documented; accept `{connection: {...}}` (like GET) or the bare object.
const oneSchema = z.union([z.looseObject({ connection: connectionSchema }).transform((body) => body.connection), connectionSchema]);

/** A refused or unreadable answer from Maton's control API. */
export class MatonCtrlError extends AppError {
  constructor(message: string, status?: number) {
    super('MATON_CTRL_FAILED', message, { status });
    this.name = 'MatonCtrlError';
  }
}

export interface MatonCtrlOptions {
  /** Default https://ctrl.maton.ai. */
  baseUrl: string;
  apiKey: string;
  /** Time allowed per request, ms. Default 10 000. */
  timeoutMs?: number;
}

export const MATON_APP = 'systeme';

export function createMatonCtrl(options: MatonCtrlOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T extends z.ZodType>(method: string, path: string, schema: T | undefined, body?: unknown): Promise<z.output<T> | undefined> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new MatonCtrlError(`cannot reach Maton at ${base} (${error instanceof Error ? error.message : String(error)}); check MATON_CTRL_URL and the network`);
    }
    const text = await response.text();
    if (!response.ok) throw new MatonCtrlError(failure(method, path, response.status, text), response.status);
    if (!schema) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new MatonCtrlError(`${method} ${path}: Maton answered ${response.status} with a body that is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new MatonCtrlError(`${method} ${path}: unexpected answer from Maton: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  return {
    /** Every Systeme.io connection of the Maton account, whatever its status. */
    async list(): Promise<MatonConnection[]> {
      return (await call('GET', `/connections?app=${MATON_APP}`, listSchema))!.connections;
    },
    async get(id: string): Promise<MatonConnection> {
      return (await call('GET', `/connections/${encodeURIComponent(id)}`, oneSchema))!;
    },
    /** A new connection, PENDING until someone opens its `url` and authorises Systeme.io. */
    async create(): Promise<MatonConnection> {
      return (await call('POST', '/connections', oneSchema, { app: MATON_APP }))!;
    },
    async delete(id: string): Promise<void> {
      await call('DELETE', `/connections/${encodeURIComponent(id)}`, undefined);
    },
  };
}

function failure(method: string, path: string, status: number, body: string): string {
  const detail = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  const hint =
    status === 401 || status === 403
      ? ': Maton refused the key; check MATON_API_KEY (maton.ai → Settings)'
      : status === 404
        ? ': not found (check the connection id with systeme-hooks maton connections)'
        : '';
  return `${method} ${path}: Maton answered ${status}${detail ? ` (${detail})` : ''}${hint}`;
}
