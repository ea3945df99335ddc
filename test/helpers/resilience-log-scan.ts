import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How a secret was written: as text, as a list of byte values (a Buffer in JSON), in base64 or in hex. */
export type SecretEncoding = 'text' | 'bytes' | 'base64' | 'hex';

export interface SecretHit {
  file: string;
  line: number;
  /** Which secret, masked: its first 4 characters and its length. */
  secret: string;
  encoding: SecretEncoding;
}

const mask = (secret: string) => `${secret.slice(0, 4)}…(${secret.length} chars)`;

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/**
 * The base64 forms a secret takes inside any longer base64 text: one per alignment (the secret
 * may start at any byte of a 3-byte group), keeping only the characters that depend on the
 * secret alone. Also in the URL-safe alphabet.
 */
function base64Needles(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const needles = new Set<string>();
  for (let skip = 0; skip < 3; skip++) {
    const aligned = bytes.subarray(skip);
    const whole = aligned.subarray(0, Math.floor(aligned.length / 3) * 3);
    if (whole.length < 6) continue;
    const standard = whole.toString('base64');
    needles.add(standard);
    needles.add(standard.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...needles];
}

// Eight or more numbers 0–255 separated by commas: a Buffer or Uint8Array as JSON (`[71,69,…]`,
// `{"0":71,"1":69,…}`) or as util.inspect prints it.
const BYTE_RUN = /\d{1,3}(?:"?\s*,\s*(?:"\d+"\s*:\s*)?\d{1,3}){7,}/g;

function decodedByteRuns(line: string): string[] {
  const decoded: string[] = [];
  for (const [run] of line.matchAll(BYTE_RUN)) {
    const values = run.replace(/"\d+"\s*:\s*/g, '').replaceAll('"', '').split(',').map((part) => Number(part.trim()));
    if (values.every((value) => Number.isInteger(value) && value >= 0 && value <= 255)) decoded.push(Buffer.from(values).toString('latin1'));
  }
  return decoded;
}

/** Every string of a JSON line, unescaped (`\u0073k-…` is `sk-…`), or none when the line is not JSON. */
function jsonStrings(line: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return [];
  }
  const found: string[] = [];
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') found.push(value);
    else if (value !== null && typeof value === 'object') stack.push(...Object.keys(value), ...Object.values(value));
  }
  return found;
}

interface Matcher {
  secret: string;
  base64: string[];
  hex: string;
}

const matcherFor = (secret: string): Matcher => ({ secret, base64: base64Needles(secret), hex: Buffer.from(secret, 'utf8').toString('hex') });

/** One line's decoded forms, worked out once whatever the number of secrets looked for. */
function lineForms(line: string) {
  let lower: string | undefined;
  let bytes: string[] | undefined;
  let strings: string[] | undefined;
  return {
    lower: () => (lower ??= line.toLowerCase()),
    bytes: () => (bytes ??= decodedByteRuns(line)),
    strings: () => (strings ??= line.includes('\\u') ? jsonStrings(line) : []),
  };
}

function find(line: string, forms: ReturnType<typeof lineForms>, matcher: Matcher): SecretEncoding | undefined {
  if (line.includes(matcher.secret)) return 'text';
  if (matcher.base64.some((needle) => line.includes(needle))) return 'base64';
  if (forms.lower().includes(matcher.hex)) return 'hex';
  if (forms.bytes().some((text) => text.includes(matcher.secret))) return 'bytes';
  if (forms.strings().some((text) => text.includes(matcher.secret))) return 'text';
  return undefined;
}

/** How `line` carries `secret`, or undefined when it does not, in any form the logger can write. */
export function leakIn(line: string, secret: string): SecretEncoding | undefined {
  return find(line, lineForms(line), matcherFor(secret));
}

/** Every line of every file under `dir` that carries one of `secrets`, as text, bytes, base64 or hex. */
export function scanForSecrets(dir: string, secrets: readonly string[]): SecretHit[] {
  const hits: SecretHit[] = [];
  const matchers = secrets.filter((secret) => secret.length >= 8).map(matcherFor);
  for (const file of filesUnder(dir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const forms = lineForms(text);
      for (const matcher of matchers) {
        const encoding = find(text, forms, matcher);
        if (encoding) hits.push({ file, line: index + 1, secret: mask(matcher.secret), encoding });
      }
    });
  }
  return hits;
}
