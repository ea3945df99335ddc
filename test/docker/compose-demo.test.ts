import { afterAll, describe, expect, it } from 'vitest';
import { assertPortsFree, compose, containerState, recordFigure, run, waitHealthy } from './docker.js';

const demo = (args: string[], allowFail = false) => compose(['--profile', 'demo', ...args], {}, { allowFail });

describe('docker compose --profile demo', () => {
  afterAll(async () => {
    await demo(['down', '-v'], true);
  });

  it('turns a sale into tags, an enrollment and a membership, and the refund takes them back', async () => {
    await assertPortsFree([6379, 3000, 4010, 9465]);
    const started = Date.now();
    await demo(['up', '-d', '--no-build']);
    await waitHealthy(['redis', 'sim', 'demo-receiver', 'demo-worker']);
    recordFigure('demo profile: from `up` to every service healthy', Math.round((Date.now() - started) / 100) / 10, 's');
    const sale = await containerState('demo-sale');
    const exitCode = Number((await run('docker', ['wait', sale.id])).stdout.trim());
    const logs = (await demo(['logs', '--no-log-prefix', 'demo-sale'])).stdout;
    expect(exitCode, logs).toBe(0);
    expect(logs).toMatch(/after the sale: +\{"tags":\["Lead","Customers","plan-3456"\],"enrolled":true,"member":true/);
    expect(logs).toMatch(/after the refund: \{"tags":\["Lead","plan-3456"\],"enrolled":false,"member":false/);
    recordFigure('demo profile: from `up` to the refund taken back', Math.round((Date.now() - started) / 100) / 10, 's');
  });

  it('runs each process under Docker\'s init, as the node user', async () => {
    const worker = await containerState('demo-worker');
    const out = await run('docker', ['exec', worker.id, 'sh', '-c', 'tr "\\0" " " < /proc/1/cmdline; echo; id -un']);
    expect(out.stdout).toMatch(/^\/sbin\/docker-init -- node \/app\/dist\/src\/cli\/main\.js work/);
    expect(out.stdout.trim().endsWith('node')).toBe(true);
  });

  it('stops the receiver and the worker cleanly: exit 0 within their grace periods', async () => {
    const started = Date.now();
    await demo(['stop', 'demo-worker', 'demo-receiver']);
    const seconds = (Date.now() - started) / 1000;
    for (const service of ['demo-worker', 'demo-receiver']) {
      const state = await containerState(service);
      expect(state.status, service).toBe('exited');
      expect(state.exitCode, `${service} exit code`).toBe(0);
    }
    // Past its grace period Docker kills the process (exit 137): exit 0 is the drain finishing in time.
    recordFigure('demo profile: docker compose stop of receiver and worker', Math.round(seconds * 10) / 10, 's');
  });
});
