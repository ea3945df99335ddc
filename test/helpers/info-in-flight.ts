import type { Redis } from 'ioredis';

type QueuedCommands = { commandQueue: { toArray(): { command: { name: string } }[] } };

/**
 * Resolves at the moment `client` is in `status` with an INFO sent and not yet answered: ioredis'
 * ready check while `connect`, BullMQ's version question once `ready`. A stop begun right then
 * lands in the middle of a connection's setup.
 */
export function infoInFlight(client: Redis, status: 'connect' | 'ready'): Promise<void> {
  const queued = client as unknown as QueuedCommands;
  const asking = () => client.status === status && queued.commandQueue.toArray().some((item) => item.command.name === 'info');
  return new Promise((resolve) => {
    const poll = () => (asking() ? resolve() : void setImmediate(poll));
    poll();
  });
}
