import { z } from 'zod';
import type { Store } from '../store.js';
import type { UuidGenerator } from '../uuid-v7.js';
import { applySeed } from './apply-seed.js';
import { checkSeed } from './check-seed.js';
import { SeedError } from './seed-error.js';
import { seedSchema, type ParsedSeed } from './seed-schema.js';

/** Validates `input` against `seedSchema`, or throws a SeedError whose message starts with `source`. */
export function parseSeed(input: unknown, source: string): ParsedSeed {
  const result = seedSchema.safeParse(input);
  if (!result.success) throw new SeedError(`${source} is not a valid seed:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Checks references, then applies; all or nothing. */
export function seedAccount(store: Store, seed: ParsedSeed, uuid: UuidGenerator, now: Date, source: string): void {
  const problems = checkSeed(store, seed);
  if (problems.length > 0) throw new SeedError(`${source} cannot be applied:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
  applySeed(store, seed, uuid, now);
}
