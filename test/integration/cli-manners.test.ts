import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_MAIN, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-manners-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const good = file('good.yaml', 'rules:\n  - name: buyers\n    on: SALE_NEW\n    do:\n      - add_tag: Customers\n');
const misspelt = file(
  'misspelt.yaml',
  `rules:
  - name: buyers
    on: SALE_NWE
    when:
      contact.email: { endswith: "@example.com" }
    do:
      - ad_tag: Customers
`,
);
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Runs the binary with its stdout closed before it writes a byte, so every write meets EPIPE,
 * as when `head` has read what it wanted and gone.
 */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('systeme-hooks --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version and exits 0', async (flag) => {
    const result = await runCli([flag]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('systeme-hooks rules check FILE', () => {
  it('takes the file as an argument, as --file does', async () => {
    const byArgument = await runCli(['rules', 'check', good]);
    const byOption = await runCli(['rules', 'check', '--file', good]);
    expect(byArgument.code).toBe(0);
    expect(byArgument.stdout).toContain(`${good}: valid, 1 rule(s)`);
    expect(byArgument.stdout).toBe(byOption.stdout);
  });

  it('refuses two different files as a usage error', async () => {
    const result = await runCli(['rules', 'check', good, '--file', misspelt]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give the rules file once');
  });

  it('gives the YAML line and column beside each path, with a "did you mean" for misspellings', async () => {
    const result = await runCli(['rules', 'check', misspelt]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3:5: rules[0].on: unknown event "SALE_NWE" (did you mean SALE_NEW?); expected');
    expect(result.stderr).toContain('line 5:24: rules[0].when["contact.email"].endswith: unknown operator (did you mean ends_with?); expected');
    expect(result.stderr).toContain('line 7:9: rules[0].do[0].ad_tag: unknown action (did you mean add_tag?); expected');
    const json = await runCli(['rules', 'check', misspelt, '--json']);
    expect((JSON.parse(json.stdout) as { problems: string[] }).problems).toHaveLength(4);
  });
});

describe('output into a closed pipe', () => {
  it.each([[['--help']], [['rules', 'schema']], [['rules', 'check', good]], [['--version']]])(
    '%j ends quietly with exit 0 when stdout is closed',
    async (args) => {
      const result = await runWithClosedStdout(args);
      expect(result).toEqual({ code: 0, signal: null, stderr: expect.not.stringMatching(/EPIPE|Error|at /) });
    },
  );

  it('keeps the exit code of a failure when stdout is closed', async () => {
    const result = await runWithClosedStdout(['rules', 'check', misspelt, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
  });

  it('`--help | head -1` prints the first line and nothing else', async () => {
    const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI_MAIN}" --help | head -1`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'Usage: systeme-hooks [options] [command]\n', stderr: '' });
  });
});
