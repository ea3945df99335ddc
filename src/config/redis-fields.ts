import { z } from 'zod';

/** One Redis Sentinel, as ioredis takes it. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/** `host:port` or `[ipv6]:port`; undefined when it is neither. */
export function parseSentinelAddress(text: string): SentinelAddress | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? match[2])!, port };
}

/** `REDIS_SENTINELS`: comma-separated `host:port`; unset or blank is an empty list. */
export const sentinelListField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const parts = (value ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    const sentinels: SentinelAddress[] = [];
    for (const part of parts) {
      const address = parseSentinelAddress(part);
      if (address) sentinels.push(address);
      else ctx.addIssue({ code: 'custom', message: `"${part}" is not host:port; list the sentinels as host:port,host:port (e.g. 10.0.0.5:26379)` });
    }
    return sentinels;
  });
