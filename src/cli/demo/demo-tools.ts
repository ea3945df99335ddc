import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { collect } from '../../gateway/collect.js';
import type { Gateway } from '../../gateway/index.js';
import type { ContactState } from './demo-report.js';

/** What the demo reads and runs besides the service itself. */
export async function contactState(api: Gateway, id: number): Promise<ContactState> {
  const contact = await api.contacts.get(id);
  const enrollments = await collect(api.enrollments.list({ course: 680647, contact: id }));
  const memberships = await collect(api.memberships.list({ community: 77, contact: id }));
  const subscriptions = await collect(api.subscriptions.list({ contact: id }));
  return {
    tags: contact.tags.map((tag) => tag.name).sort(),
    enrolled: enrollments.length > 0,
    member: memberships.length > 0,
    customerSince: contact.fields.find((field) => field.slug === 'customer_since')?.value ?? null,
    subscriptions: Object.fromEntries(subscriptions.map((s) => [s.id, s.status])),
  };
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function runCli(cli: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('close', (code) => resolve({ code, output }));
  });
}
