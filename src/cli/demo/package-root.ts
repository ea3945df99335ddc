import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (where package.json names systeme-hooks), from src/ or dist/src/ alike. */
export function packageRoot(from: string | URL = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'systeme-hooks') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the systeme-hooks package root');
    dir = parent;
  }
}
