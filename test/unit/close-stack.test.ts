import { describe, expect, it } from 'vitest';
import { createCloseStack } from '../../src/cli/support/close-stack.js';

describe('close stack (the demo and benchmarks clean up through it)', () => {
  it('closes last-in first-out: intake, then workers, then Redis clients, then the Redis it started', async () => {
    const closed: string[] = [];
    const stack = createCloseStack();
    for (const name of ['redis-server', 'redis clients', 'worker', 'receiver']) stack.defer(name, async () => void closed.push(name));
    expect(await stack.closeAll()).toEqual([]);
    expect(closed).toEqual(['receiver', 'worker', 'redis clients', 'redis-server']);
  });

  it('runs every step even when one fails or never settles, and reports those', async () => {
    const closed: string[] = [];
    const stack = createCloseStack({ stepTimeoutMs: 50 });
    stack.defer('redis-server', () => void closed.push('redis-server'));
    stack.defer('hung worker', () => new Promise(() => undefined));
    stack.defer('broken receiver', () => {
      throw new Error('boom');
    });
    const failures = await stack.closeAll();
    expect(closed).toEqual(['redis-server']);
    expect(failures.map((f) => f.label)).toEqual(['broken receiver', 'hung worker']);
    expect(String(failures[1]!.error)).toContain('did not close within 50 ms');
  });

  it('closes once however often it is asked, and takes nothing new while closing', async () => {
    let count = 0;
    const stack = createCloseStack();
    stack.defer('worker', () => void (count += 1));
    await Promise.all([stack.closeAll(), stack.closeAll()]);
    await stack.closeAll();
    expect(count).toBe(1);
    expect(() => stack.defer('late', () => undefined)).toThrow(/already closing/);
  });
});
