import { readFile } from 'node:fs/promises';
import { SeedError } from './seed-error.js';
import { parseSeed } from './seed-account.js';
import type { SeedData } from './seed-schema.js';

/**
 * Reads and validates a seed file (e.g. `examples/sim-seed.json`). Errors name the file and,
 * for schema problems, the path inside it (`→ at contacts[0].email`).
 */
export async function loadSeedFile(path: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SeedError(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`Seed file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSeed(json, `Seed file ${path}`);
}
