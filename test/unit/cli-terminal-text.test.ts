import { describe, expect, it } from 'vitest';
import { oneLine, safeOutput, terminalSafe } from '../../src/cli/support/terminal-text.js';
import { formatTable } from '../../src/cli/support/table.js';

const HOSTILE = 'Ann\u001b[2J\u001b]0;pwned\u0007\u009b31m\u007f\u202eevil\u2066\r\nnext\tcol';

describe('terminal text', () => {
  it('spells out every control character of a value, line breaks and tabs included', () => {
    expect(oneLine(HOSTILE)).toBe('Ann\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u007f\\u202eevil\\u2066\\u000d\\u000anext\\u0009col');
  });

  it('keeps the layout of a block of output (line breaks, tabs) and nothing else', () => {
    expect(terminalSafe(`a\n${HOSTILE}`)).toBe('a\nAnn\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u007f\\u202eevil\\u2066\\u000d\nnext\tcol');
  });

  it('leaves printable text alone, accents, arrows and emoji included', () => {
    const text = 'Chloé → 東京 · 🎉 "quoted" \\ back';
    expect(oneLine(text)).toBe(text);
    expect(terminalSafe(text)).toBe(text);
  });

  it('keeps JSON valid: what --json prints parses back to the exact text', () => {
    const json = JSON.stringify({ name: HOSTILE }, null, 2);
    expect(JSON.parse(terminalSafe(json))).toEqual({ name: HOSTILE });
  });

  it('wraps an output once, escaping every write', () => {
    const written: string[] = [];
    const out = safeOutput(safeOutput({ write: (text: string) => written.push(text) }));
    out.write('ok \u001b[31m\n');
    expect(written).toEqual(['ok \\u001b[31m\n']);
  });

  it('keeps every table cell on its own line', () => {
    expect(formatTable(['ID', 'REASON'], [['1', 'bad\nFAKE ROW']]).split('\n')).toEqual(['ID  REASON', '1   bad\\u000aFAKE ROW']);
  });
});
