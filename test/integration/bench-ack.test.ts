import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { killGroup, processesInGroup, runInOwnGroup } from '../helpers/process-group.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('bench:ack ends by itself', () => {
  it('prints both variants and their ratio, exits 0 and leaves no server or redis-server running', async () => {
    const run = await runInOwnGroup(process.execPath, ['dist/bench/ack-replicas.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', BENCH_DURATION: '1', BENCH_CONNECTIONS: '4', BENCH_ROUNDS: '1' },
      timeoutMs: 150_000,
    });
    const left = processesInGroup(run.pgid);
    killGroup(run.pgid);
    expect(run.timedOut, `bench:ack did not exit:\n${run.output}`).toBe(false);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/REDIS_ACK_REPLICAS=1 \(WAIT 1\)\s+\d+ req\/s/);
    expect(run.output).toContain('throughput ratio (ack 1 / ack 0)');
    // Every answer of the WAIT variant was a 2xx: the replica confirmed each delivery.
    expect(run.output).toMatch(/REDIS_ACK_REPLICAS=1 \(WAIT 1\).*non-2xx 0/);
    expect(left, 'processes the benchmark left running').toEqual([]);
  }, 180_000);
});
