import { setTimeout as sleep } from 'node:timers/promises';
import type { TagRef } from './tag-ref.js';
import { ValidationError } from '../gateway/errors.js';
import { waitSignal, type ReactionDeps } from './reaction-deps.js';

/**
 * Tag name → id: the shared cache, else an exact-name lookup (the API's `query` is partial,
 * docs/systeme-io.md#tags), else — when `create` — one creation even when many jobs ask at once.
 * Resolves to undefined when the tag does not exist and may not be created. In a dry run the
 * creation is only recorded, and the id it answers is never cached.
 */
export async function resolveTagId(ref: TagRef, deps: ReactionDeps, create: true): Promise<number>;
export async function resolveTagId(ref: TagRef, deps: ReactionDeps, create: boolean): Promise<number | undefined>;
export async function resolveTagId(ref: TagRef, deps: ReactionDeps, create: boolean): Promise<number | undefined> {
  if ('id' in ref) return ref.id;
  const name = ref.name;
  const options = { signal: deps.signal };
  const cached = await deps.tagCache.get(name);
  if (cached !== undefined) return cached;
  for (let round = 0; round < 20; round++) {
    const found = await deps.gateway.tags.findByName(name, options);
    if (found) {
      await deps.tagCache.set(name, found.id);
      return found.id;
    }
    if (!create) return undefined;
    if (deps.dryRun) return (await deps.gateway.tags.create(name, options)).id;
    const release = await deps.tagCache.lockCreation(name);
    if (release) {
      try {
        const tag = await deps.gateway.tags.create(name, options);
        await deps.tagCache.set(name, tag.id);
        return tag.id;
      } catch (error) {
        // Someone created it between our lookup and our write: look it up again.
        if (!(error instanceof ValidationError)) throw error;
      } finally {
        await release();
      }
    } else {
      // Another job is creating it: wait for the cache instead of creating a second one.
      await sleep(100 + round * 100, undefined, { signal: waitSignal(deps) });
      const created = await deps.tagCache.get(name);
      if (created !== undefined) return created;
    }
  }
  throw new Error('the tag could neither be found nor created; check the rule\'s tag name against Systeme.io → Contacts → Tags');
}
