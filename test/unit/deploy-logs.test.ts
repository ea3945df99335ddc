import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-logger-'));

/** A module of src/config as a plain ES module in `dir`, its imports of `imports` pointed at the given URLs. */
function plainModule(name: string, imports: Record<string, string>): string {
  const source = readFileSync(join(root, 'src/config', `${name}.ts`), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(dir, `${name}.mjs`);
  let text = outputText;
  for (const [from, url] of Object.entries(imports)) text = text.replace(new RegExp(`from ['"]${from.replace(/[.]/g, '\\.')}['"]`), `from '${url}'`);
  writeFileSync(file, text);
  return pathToFileURL(file).href;
}

/**
 * src/config/logger.ts as a plain ES module, so a child process (which has its own stdout, as
 * the service does in a container) can run it: pino-pretty writes from a worker thread to fd 1.
 */
function loggerModule(): string {
  const pino = pathToFileURL(createRequire(join(root, 'package.json')).resolve('pino')).href;
  return plainModule('logger', { pino, './log-redaction.js': plainModule('log-redaction', {}) });
}

const moduleUrl = loggerModule();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logOnce(pretty: boolean, then = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `
    const { createLogger } = await import(${JSON.stringify(moduleUrl)});
    const log = createLogger({ pretty: ${pretty}, name: 'receiver' });
    log.info({ jobId: 'job-7', apiKey: 'sk-live-never-printed' }, 'delivery queued');
    ${then}
  `;
  return new Promise((resolve, reject) => {
    // cwd: the project, where pino finds the pino-pretty transport, as in the image (/app).
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('logs (LOG_PRETTY)', () => {
  it('are one JSON object per line by default, with secrets redacted', async () => {
    const { code, stdout, stderr } = await logOnce(false);
    expect(code, stderr).toBe(0);
    const line = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, name: 'receiver', jobId: 'job-7', apiKey: '[redacted]', msg: 'delivery queued' });
  });

  it('are all written when the process exits right after logging them, even in the same turn', async () => {
    const then = "for (let n = 0; n < 500; n++) log.info({ n }, 'delivery'); process.exit(3);";
    const { code, stdout, stderr } = await logOnce(false, then);
    expect(code, stderr).toBe(3);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { n?: number });
    expect(lines).toHaveLength(501);
    expect(lines.at(-1)).toMatchObject({ n: 499 });
  });

  it('are human-readable lines with LOG_PRETTY=true, still redacted, and the process exits cleanly', async () => {
    const { code, stdout, stderr } = await logOnce(true);
    expect(code, stderr).toBe(0);
    const plain = stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/INFO.*\(receiver\/\d+\): delivery queued/);
    expect(plain).toContain('jobId: "job-7"');
    expect(plain).toContain('apiKey: "[redacted]"');
    expect(stdout).not.toContain('sk-live-never-printed');
    expect(() => JSON.parse(plain.trim())).toThrow();
  });
});
