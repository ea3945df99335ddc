import { z } from 'zod';

/** One Redis Sentinel or cluster node, as ioredis takes it. */
export interface RedisAddress {
  host: string;
  port: number;
}

export type SentinelAddress = RedisAddress;

/** `host:port` or `[ipv6]:port`; undefined when it is neither. */
export function parseSentinelAddress(text: string): SentinelAddress | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? match[2])!, port };
}

/** A comma-separated list of `host:port`; unset or blank is an empty list. `what` names the entries in errors. */
function addressListField(what: string, example: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parts = (value ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      const addresses: RedisAddress[] = [];
      for (const part of parts) {
        const address = parseSentinelAddress(part);
        if (address) addresses.push(address);
        else ctx.addIssue({ code: 'custom', message: `"${part}" is not host:port; list the ${what} as host:port,host:port (e.g. ${example})` });
      }
      return addresses;
    });
}

/** `REDIS_SENTINELS`: the sentinels to ask for the current master. */
export const sentinelListField = addressListField('sentinels', '10.0.0.5:26379');

/** `REDIS_CLUSTER_NODES`: some nodes of a Redis Cluster; the client learns the others from them. */
export const clusterNodeListField = addressListField('cluster nodes', '10.0.0.5:7000');
