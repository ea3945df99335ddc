import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../demo/package-root.js';

/** The version in the installed package's package.json, for `--version`. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
