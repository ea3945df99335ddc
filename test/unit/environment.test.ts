import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';

describe('the environment and ./.env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'environment-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills from .env what the environment leaves unset or empty; a value set wins', () => {
    writeFileSync(join(dir, '.env'), 'SYSTEME_API_KEY=from-the-file\nQUEUE_PREFIX=file-prefix\nPORT=9000\n# a comment\nHOST="127.0.0.1"\n');
    const env: NodeJS.ProcessEnv = { SYSTEME_API_KEY: '', QUEUE_PREFIX: 'from-the-shell' };
    const read = readEnvironment(dir, env);
    expect(read).toMatchObject({ SYSTEME_API_KEY: 'from-the-file', QUEUE_PREFIX: 'from-the-shell', PORT: '9000', HOST: '127.0.0.1' });
    // Set in the process's own environment too, for the processes a command starts.
    expect(env.SYSTEME_API_KEY).toBe('from-the-file');
  });

  it('is the environment as it is without a .env', () => {
    const empty = mkdtempSync(join(dir, 'none-'));
    expect(readEnvironment(empty, { PORT: '' })).toEqual({ PORT: '' });
  });
});
