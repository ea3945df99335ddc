import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { monitorLag } from '../helpers/scheduling-lag.js';

const TAG_RULES = `
rules:
  - name: tag-new-contacts
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
`;

const contacts = (count: number, from = 700) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, email: `c${from + i}@example.com`, fields: [], tags: [] }));

function seedWith(extra: ReturnType<typeof contacts>) {
  return { ...SEED, contacts: [...(SEED.contacts ?? []), ...extra] } as typeof SEED;
}

async function deliverAll(pipeline: Pipeline, people: ReturnType<typeof contacts>) {
  const ids = await Promise.all(people.map((c) => pipeline.deliver('CONTACT_CREATED', { contact: { id: c.id, email: c.email } })));
  return Promise.all(ids.map((id) => pipeline.settle(id, 60_000)));
}

describe('worker against a misbehaving Systeme.io', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('completes every event with one successful write each when 30% of API requests fail', async () => {
    const people = contacts(20);
    pipeline = await startPipeline({ rules: TAG_RULES, seed: seedWith(people), sim: { failRate: 0.3 }, env: { JOB_ATTEMPTS: '25' } });
    const jobs = await deliverAll(pipeline, people);
    for (const job of jobs) expect(await job.getState()).toBe('completed');
    const requests = await pipeline.requests();
    expect(requests.some((r) => r.status >= 500)).toBe(true);
    const writes = await pipeline.writes();
    for (const person of people) {
      expect(writes.filter((w) => w.path === `/api/contacts/${person.id}/tags`)).toHaveLength(1);
    }
  });

  it('stays under the shared rate limit: no 429, every job completes', async () => {
    const people = contacts(8);
    pipeline = await startPipeline({
      rules: TAG_RULES,
      seed: seedWith(people),
      sim: { rateLimit: { max: 5, durationMs: 1000 } },
      env: { SYSTEME_RATE_LIMIT: '5/1s' },
    });
    const lag = monitorLag();
    const jobs = await deliverAll(pipeline, people);
    for (const job of jobs) expect(await job.getState()).toBe('completed');
    // The worker and the simulator share this process: a request reaches the simulator later than
    // the limiter granted it by as long as this process was held up. Within the limiter's 50 ms
    // margin that cannot make a 429; on a busier machine the simulator's strict window may see one.
    const heldUpMs = lag.stop();
    const requests = await pipeline.requests();
    const limited = requests.filter((r) => r.status === 429);
    if (heldUpMs <= 50) expect(limited).toEqual([]);
    // 8 reads and 8 writes (a 429 is put back and asked again), at no more than 5 in any second.
    expect(requests.filter((r) => r.status !== 429)).toHaveLength(16);
    if (heldUpMs <= 50) {
      const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
      for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(1000);
    }
  });

  it('pauses on 429 and puts jobs back without spending an attempt', async () => {
    const people = contacts(6);
    pipeline = await startPipeline({
      rules: TAG_RULES,
      seed: seedWith(people),
      sim: { rateLimit: { max: 3, durationMs: 1000 } },
      // A limiter looser than the API, and one attempt per job: a 429 that spent it would fail the job.
      env: { SYSTEME_RATE_LIMIT: '100/1s', JOB_ATTEMPTS: '1' },
    });
    const jobs = await deliverAll(pipeline, people);
    for (const job of jobs) expect(await job.getState()).toBe('completed');
    expect((await pipeline.requests()).some((r) => r.status === 429)).toBe(true);
    const writes = await pipeline.writes();
    for (const person of people) expect(writes.filter((w) => w.path === `/api/contacts/${person.id}/tags`)).toHaveLength(1);
    expect(pipeline.logs.lines.some((line) => line.msg === 'Systeme.io rate limit: queue paused, job put back')).toBe(true);
  });
});

describe('one contact at a time', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('never runs two events of the same contact at once: the second waits, then completes', async () => {
    const rules = `
rules:
  - name: two-tags
    on: [CONTACT_CREATED, CONTACT_OPT_IN]
    do:
      - add_tag: { id: 11 }
      - remove_tag: { id: 10 }
`;
    // Every API answer takes 150 ms, so overlapping jobs would send their first reads together.
    pipeline = await startPipeline({ rules, seed: SEED, sim: { latencyMs: 150 } });
    const ids = await Promise.all([
      pipeline.deliver('CONTACT_CREATED', { contact: { id: 501 } }),
      pipeline.deliver('CONTACT_OPT_IN', { contact: { id: 501 } }),
    ]);
    for (const id of ids) expect(await (await pipeline.settle(id)).getState()).toBe('completed');
    const requests = await pipeline.requests();
    // Each job reads the contact once (its actions share the read) and writes only what is
    // needed; one job's calls all come before the other's, whose read finds both writes made.
    // Overlapping jobs would start with two reads in a row.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/contacts/501',
      'POST /api/contacts/501/tags',
      'DELETE /api/contacts/501/tags/10',
      'GET /api/contacts/501',
    ]);
  });
});

describe('rules hot reload', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  async function waitForLog(p: Pipeline, message: string, after: number) {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (p.logs.lines.slice(after).some((line) => line.msg === message)) return;
      await sleep(50);
    }
    throw new Error(`no "${message}" log line`);
  }

  it('applies a valid new rules file at once and keeps the old rules when the new one is invalid', async () => {
    const people = contacts(3, 800);
    pipeline = await startPipeline({ rules: TAG_RULES, seed: seedWith(people) });
    const tagsOf = async (id: number) => (await pipeline!.api.contacts.get(id)).tags.map((tag) => tag.name);

    await pipeline.settle(await pipeline.deliver('CONTACT_CREATED', { contact: { id: 800 } }));
    expect(await tagsOf(800)).toEqual(['Customers']);

    let mark = pipeline.logs.lines.length;
    writeFileSync(pipeline.rulesFile, TAG_RULES.replace('add_tag: { id: 11 }', 'add_tag: Lead'));
    await waitForLog(pipeline, 'rules reloaded', mark);
    await pipeline.settle(await pipeline.deliver('CONTACT_CREATED', { contact: { id: 801 } }));
    expect(await tagsOf(801)).toEqual(['Lead']);

    mark = pipeline.logs.lines.length;
    writeFileSync(pipeline.rulesFile, 'rules:\n  - name: broken\n    on: SALE_NWE\n    do: []\n');
    await waitForLog(pipeline, 'rules file refused; the previous rules stay in force', mark);
    const refusal = pipeline.logs.lines.slice(mark).find((line) => line.msg === 'rules file refused; the previous rules stay in force');
    expect(JSON.stringify(refusal?.problems)).toContain('rules[0].on: unknown event');
    await pipeline.settle(await pipeline.deliver('CONTACT_CREATED', { contact: { id: 802 } }));
    expect(await tagsOf(802)).toEqual(['Lead']);

    // SIGHUP-style reload (what `kill -HUP` triggers) reads the file again on demand.
    writeFileSync(pipeline.rulesFile, TAG_RULES);
    expect(await pipeline.worker.reloadRules()).toBe(true);
  });
});
