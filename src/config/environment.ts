import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The process environment, after loading `.env` from the working directory when present:
 * variables already set win, and an empty one counts as unset, as everywhere in the
 * configuration (docs/configuration.md), so `.env` fills it. The only place that reads
 * `process.env`; what `.env` gives is set there too, for the processes a command starts.
 */
export function readEnvironment(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  if (existsSync(file)) {
    for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
      if (env[key] === undefined || env[key] === '') env[key] = value;
    }
  }
  return { ...env };
}
