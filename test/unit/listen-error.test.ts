import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/command-context.js';
import { explainListenError } from '../../src/cli/support/listen-error.js';

const where = { setting: 'PORT', host: '127.0.0.1', port: 80 };
const failure = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('a failed listen, said in the settings an operator changes', () => {
  it('names the setting and the way out for each refusal the system gives', () => {
    const cases: [string, RegExp][] = [
      ['EADDRINUSE', /127\.0\.0\.1:80 is already in use \(PORT=80\): stop the process that listens there, or set PORT to a free port/],
      ['EACCES', /not allowed to listen on 127\.0\.0\.1:80 \(PORT=80\): .*set PORT to 1024 or above/],
      ['EADDRNOTAVAIL', /127\.0\.0\.1 is not an address of this machine \(HOST=127\.0\.0\.1\)/],
    ];
    for (const [code, message] of cases) {
      const explained = explainListenError(failure(code), where);
      expect(explained, code).toBeInstanceOf(CliError);
      expect((explained as CliError).exitCode).toBe(1);
      expect((explained as Error).message, code).toMatch(message);
    }
  });

  it('returns any other error as it is', () => {
    const other = new Error('Redis refused');
    expect(explainListenError(other, where)).toBe(other);
    expect(explainListenError('text', where)).toBe('text');
    expect(explainListenError(null, where)).toBe(null);
  });
});
