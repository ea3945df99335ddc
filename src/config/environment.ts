import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The process environment, after loading `.env` from the working directory when present
 * (variables already set win). The only place that reads `process.env`.
 */
export function readEnvironment(cwd = process.cwd()): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
  return { ...process.env };
}
