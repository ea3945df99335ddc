/** One entry of a 422 body (docs/systeme-io.md#errors), as Symfony's validator writes it. */
export interface Violation {
  propertyPath: string;
  message: string;
  code: string;
}

/**
 * Symfony validator constraint codes, which the real API returns in `violations[].code`
 * (the OpenAPI example carries the `Length` one). Clients should not depend on them; they
 * make the simulated bodies look like the real ones.
 */
export const CODES = {
  notBlank: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3',
  tooLong: 'd94b19cc-114f-4f44-9cc4-4138e80a87b9',
  notUnique: '23bd9dbf-6b9b-41cd-a99e-4844bcf3077f',
  email: 'bd79c0ab-ddba-46cc-a703-a7a4b08de310',
  choice: '8e179f1b-97aa-4560-a02f-2a8b42e49df7',
  range: '04b91c99-a946-4221-afc5-e65ebac401eb',
  url: '57c2f299-1154-4870-89bb-ef3b1f5ad229',
  uniqueItems: '7911c98d-b845-4da0-94b7-a8dac36bc55a',
  type: 'ba785a8c-82cb-4283-967c-3cf342181b40',
  regex: 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3',
  /** Checks of our own that have no Symfony constraint behind them. */
  invalid: 'f0e1d2c3-b4a5-4697-8889-7a6b5c4d3e2f',
} as const;

export const ALREADY_USED = 'This value is already used.';

/** An HTTP answer other than success, thrown by handlers and written by the request handler. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
    this.name = 'SimHttpError';
  }
}

/** Non-422 errors are `{"title","detail"}` (docs/systeme-io.md#errors). */
export function httpError(status: number, detail: string, title = 'An error occurred', headers: Record<string, string> = {}): SimHttpError {
  return new SimHttpError(status, { title, detail }, headers);
}

export function notFound(detail = 'Not Found'): SimHttpError {
  return httpError(404, detail);
}

export function violation(propertyPath: string, message: string, code: string = CODES.invalid): Violation {
  return { propertyPath, message, code };
}

/** 422 `{"type","title","detail","violations"}`; `detail` lists `path: message` lines as API Platform does. */
export function unprocessable(violations: readonly Violation[]): SimHttpError {
  const detail = violations.map((v) => (v.propertyPath ? `${v.propertyPath}: ${v.message}` : v.message)).join('\n');
  return new SimHttpError(422, {
    type: 'https://tools.ietf.org/html/rfc2616#section-10',
    title: 'An error occurred',
    detail,
    violations,
  });
}
