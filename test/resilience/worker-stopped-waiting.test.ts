import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import type { JobData } from '../../src/events/job-data.js';
import { stopAllChildren } from '../helpers/resilience-children.js';
import { createSender } from '../helpers/resilience-load.js';
import { FIRST_CONTACT, seededContacts, startStack, type Stack } from '../helpers/resilience-stack.js';
import { waitFor } from '../helpers/wait-for.js';

const JOIN_ON_NEW_CONTACT = `
rules:
  - name: members
    on: CONTACT_CREATED
    do:
      - join_community: { community: 77 }
`;

async function jobOf(stack: Stack, messageId: string): Promise<Job<JobData>> {
  return waitFor(async () => (await stack.queue.getJobs(['wait', 'active', 'completed', 'failed', 'delayed'])).find((j) => j.data.messageId === messageId), 30_000);
}

describe('a worker stopped while a reaction waits', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await stopAllChildren();
  });

  it('join_community settling: SIGTERM ends the wait, exits 0, and the next worker does the job exactly once', async () => {
    stack = await startStack({
      contacts: 1,
      rules: JOIN_ON_NEW_CONTACT,
      // Memberships stay queued until the test settles them (POST /__sim/memberships/settle).
      sim: { membershipDelayMs: 3_600_000, seed: { communities: [{ id: 77, name: 'Members' }], contacts: seededContacts(1) } },
    });
    const receiver = await stack.startReceiver();
    const first = await stack.startWorker();
    const sender = createSender(4);
    // The first event asks for the membership (202, queued); the second, for the same contact,
    // finds the intent and waits for the membership to appear (60 s by default, as long as the drain).
    const joined = stack.delivery(FIRST_CONTACT);
    expect((await sender.post(receiver.url, joined)).status).toBe(202);
    await stack.waitHandled([joined.messageId], 60_000);
    const waiting = stack.delivery(FIRST_CONTACT);
    expect((await sender.post(receiver.url, waiting)).status).toBe(202);
    sender.close();
    await first.waitForLine((l) => l.msg === 'waiting for a queued membership to appear' && l.messageId === waiting.messageId, 60_000);

    // Well inside the 60 s drain: a worker that ran it out would exit 1, or be killed after 15 s by stop().
    await first.stop('SIGTERM');
    expect(await first.exit).toEqual({ code: 0, signal: null });
    expect(first.lines().some((l) => l.msg === 'worker stopping: job put back in the queue' && l.messageId === waiting.messageId)).toBe(true);
    const putBack = await jobOf(stack, waiting.messageId);
    expect(await putBack.getState()).toBe('waiting');
    expect(putBack.attemptsMade).toBe(0);

    const settled = (await (await fetch(`${stack.simUrl}/__sim/memberships/settle`, { method: 'POST' })).json()) as { settled: number };
    expect(settled.settled).toBe(1);
    const second = await stack.startWorker();
    await stack.waitHandled([waiting.messageId], 60_000);
    const done = await jobOf(stack, waiting.messageId);
    await waitFor(async () => ((await done.getState()) === 'completed' ? true : undefined), 30_000);
    const handledLines = [...first.lines(), ...second.lines()].filter((l) => l.msg === 'event handled' && l.messageId === waiting.messageId);
    expect(handledLines).toHaveLength(1);
    expect(handledLines[0]!.actions).toEqual([{ rule: 'members', index: 0, type: 'join_community', outcome: 'already' }]);
    expect((await stack.queue.getJob(done.id!))!.attemptsMade).toBe(1);
    const joins = (await stack.requests()).filter((r) => r.method === 'POST' && r.path === '/api/community/communities/77/memberships');
    expect(joins).toHaveLength(1);
  }, 180_000);

  it('rate-limit wait: SIGTERM ends it, exits 0, and the job is back in the queue without a spent attempt', async () => {
    stack = await startStack({ contacts: 2, env: { SYSTEME_RATE_LIMIT: '2/10m' } });
    const receiver = await stack.startReceiver();
    const worker = await stack.startWorker();
    const sender = createSender(4);
    // add_tag reads the contact, then writes: the first event spends the two requests of the window.
    const first = stack.delivery(FIRST_CONTACT);
    expect((await sender.post(receiver.url, first)).status).toBe(202);
    await stack.waitHandled([first.messageId], 60_000);
    const second = stack.delivery(FIRST_CONTACT + 1);
    expect((await sender.post(receiver.url, second)).status).toBe(202);
    sender.close();
    const job = await jobOf(stack, second.messageId);
    await waitFor(async () => ((await job.getState()) === 'active' ? true : undefined), 30_000);

    await worker.stop('SIGTERM');
    expect(await worker.exit).toEqual({ code: 0, signal: null });
    const putBack = (await stack.queue.getJob(job.id!))!;
    expect(await putBack.getState()).toBe('waiting');
    expect(putBack.attemptsMade).toBe(0);
    expect((await stack.requests()).length).toBe(2);
  }, 120_000);
});
