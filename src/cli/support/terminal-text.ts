/**
 * Characters a terminal may act on rather than show: C0 controls, DEL, C1 controls (U+009B is a
 * CSI on its own), and the invisible bidi and line-separator marks that reorder or split what an
 * operator reads. Payload text (names, emails, message ids) reaches CLI output; it must stay data.
 */
function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

// Everything but printable ASCII is looked at; the JSON escape form keeps `--json` output valid
// JSON that parses back to the same text.
const NOT_PRINTABLE_ASCII = /[^ -~]/g;
const escapeIf = (keep: (char: string) => boolean) => (char: string) =>
  keep(char) || !isControl(char.charCodeAt(0)) ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
const escapeAll = escapeIf(() => false);
const escapeButLayout = escapeIf((char) => char === '\n' || char === '\t');

/** One value on one line: every control character, newlines and tabs included, as `\uXXXX`. */
export function oneLine(text: string): string {
  return text.replace(NOT_PRINTABLE_ASCII, escapeAll);
}

/** A whole block of output: line breaks and tabs kept, every other control character as `\uXXXX`. */
export function terminalSafe(text: string): string {
  return text.replace(NOT_PRINTABLE_ASCII, escapeButLayout);
}

/** Where the CLI writes: a stream, or anything with `write(text)`. */
export interface TextOutput {
  write(text: string): unknown;
}

const SAFE = Symbol('terminal-safe');

/** `output` with every write passed through `terminalSafe`; wrapping twice is harmless. */
export function safeOutput(output: TextOutput): TextOutput {
  if ((output as { [SAFE]?: true })[SAFE]) return output;
  return { [SAFE]: true, write: (text: string | Uint8Array) => output.write(terminalSafe(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'))) } as TextOutput;
}
