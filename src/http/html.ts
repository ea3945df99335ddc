/**
 * HTML built with one tagged template that escapes every interpolated value, unless it is itself
 * the result of `html` (so fragments nest). The only way to put text into a page: a payload is
 * hostile input, and a name like `<script>` must show as text.
 */
const MARK = Symbol('html');

export interface Html {
  readonly [MARK]: true;
  readonly text: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const isHtml = (value: unknown): value is Html => typeof value === 'object' && value !== null && MARK in value;

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isHtml(value)) return value.text;
  return escapeHtml(String(value));
}

/** `html`<p>${name}</p>``: `name` is escaped; arrays are joined; undefined, null and false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return { [MARK]: true, text };
}

/** A link built from fixed path segments and escaped query values. */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
