import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretHit {
  file: string;
  line: number;
  /** Which secret, masked: its first 4 characters and its length. */
  secret: string;
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

/** Every line of every file under `dir` that contains one of `secrets` (exact substring). */
export function scanForSecrets(dir: string, secrets: readonly string[]): SecretHit[] {
  const hits: SecretHit[] = [];
  const wanted = secrets.filter((secret) => secret.length >= 8);
  for (const file of filesUnder(dir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const secret of wanted) if (text.includes(secret)) hits.push({ file, line: index + 1, secret: mask(secret) });
    });
  }
  return hits;
}
