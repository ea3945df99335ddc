import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedError, loadSeedFile, seedSchema } from '../../src/sim/index.js';
import { parseSeed, seedAccount } from '../../src/sim/seed/seed-account.js';
import { createStore } from '../../src/sim/store.js';
import { createUuidV7 } from '../../src/sim/uuid-v7.js';

const examplePath = new URL('../../examples/sim-seed.json', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-seed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seedFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('loadSeedFile', () => {
  it('loads the shipped example with the demo data', async () => {
    const seed = await loadSeedFile(examplePath);
    expect(seed.contacts?.[0]).toMatchObject({ id: 501, email: 'ann@example.com' });
    expect(seed.tags?.map((t) => t.name)).toEqual(['Lead', 'Customers']);
    expect(seed.courses?.[0]).toMatchObject({ id: 680647 });
    expect(seed.communities?.[0]).toMatchObject({ id: 77 });
    expect(seed.pricePlans?.[0]).toMatchObject({ id: 3456, type: 'subscription' });
  });

  it('accepts the seed shape of the issue verbatim', () => {
    const issueSeed = {
      contacts: [{ id: 501, email: 'ann@example.com', fields: [], tags: [{ id: 10, name: 'Lead' }] }],
      tags: [{ id: 10, name: 'Lead' }],
      courses: [{ id: 680647, name: 'Course', modules: [{ id: 1, name: 'Intro' }] }],
      communities: [{ id: 77, name: 'Members' }],
      subscriptions: [{ id: 9001, contactId: 501, status: 'active', pricePlan: { id: 3456, name: 'Monthly', amount: 4900, currency: 'eur' } }],
    };
    expect(seedSchema.safeParse(issueSeed).success).toBe(true);
  });

  it('names the file and the path of a schema problem', async () => {
    const path = await seedFile('bad.json', JSON.stringify({ contacts: [{ id: 1, email: 'not-an-email' }] }));
    const error = await loadSeedFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('contacts[0].email');
  });

  it('reports a typo in a key instead of ignoring it', async () => {
    const path = await seedFile('typo.json', JSON.stringify({ contact: [] }));
    await expect(loadSeedFile(path)).rejects.toThrow(/contact/);
  });

  it('names the file when the JSON is broken or missing', async () => {
    const path = await seedFile('broken.json', '{"tags": [');
    await expect(loadSeedFile(path)).rejects.toThrow(`Seed file ${path} is not valid JSON`);
    await expect(loadSeedFile(join(dir, 'absent.json'))).rejects.toThrow(`Cannot read seed file ${join(dir, 'absent.json')}`);
  });
});

describe('seedAccount', () => {
  it('reserves seeded ids so generated ones never collide', () => {
    const store = createStore();
    seedAccount(store, parseSeed({ contacts: [{ id: 501, email: 'a@example.com' }], tags: [{ id: 10, name: 'Lead' }] }, 'test'), createUuidV7(), new Date(), 'test');
    expect(store.nextId('contact')).toBe(502);
    expect(store.nextId('tag')).toBe(11);
  });

  it('changes nothing when a reference is unknown, and says which', () => {
    const store = createStore();
    const seed = parseSeed({ contacts: [{ id: 1, email: 'a@example.com' }], subscriptions: [{ contactId: 2, pricePlanId: 3 }] }, 'test');
    expect(() => seedAccount(store, seed, createUuidV7(), new Date(), 'test')).toThrow(/subscriptions\[0\]\.contactId: contact 2 is not seeded[\s\S]*subscriptions\[0\]\.pricePlanId/);
    expect(store.contacts.size).toBe(0);
  });
});
