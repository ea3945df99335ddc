import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const root = new URL('../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.ha.yml', root), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const ours = Object.entries(services).filter(([, service]) => service.image === 'systeme-hooks:local');

describe('docker-compose.ha.yml', () => {
  it('points every process of ours at the three sentinels, on the ports they listen on, and never at REDIS_URL', () => {
    const sentinelPorts = Object.entries(services)
      .filter(([name]) => name.startsWith('sentinel-'))
      .map(([name, service]) => `${name}:${service.environment?.SENTINEL_PORT}`);
    expect(sentinelPorts).toHaveLength(3);
    expect(ours.map(([name]) => name).sort()).toEqual(['bootstrap', 'receiver', 'worker']);
    for (const [name, service] of ours) {
      const env = service.environment ?? {};
      expect(env.REDIS_SENTINELS?.split(',').sort(), name).toEqual(sentinelPorts.sort());
      expect(env.REDIS_URL, `${name}: a REDIS_URL from .env would conflict`).toBe('');
      // What the service reads from it is a valid configuration (compose's ${…:-1} default applied).
      const config = loadConfig({ ...env, REDIS_ACK_REPLICAS: '1' });
      expect(config.redis.endpoint).toMatchObject({ kind: 'sentinel', name: 'hooks' });
    }
  });

  it('monitors the primary the replica follows, under the name the services ask for', () => {
    const replica = services['redis-replica']!.command!.join(' ');
    expect(replica).toContain('--replicaof redis-primary 6379');
    expect(services['redis-primary']!.command!.join(' ')).toContain('--port 6379');
    const sentinel = JSON.stringify(services['sentinel-1']);
    expect(sentinel).toContain('sentinel monitor hooks redis-primary 6379 2');
  });

  it('has a host-network override for every service', () => {
    const override = parse(readFileSync(new URL('deploy/docker/compose.ha.host-network.yml', root), 'utf8'), { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(override.services).sort()).toEqual(Object.keys(services).sort());
    for (const [name, service] of Object.entries(override.services)) expect(service.network_mode, name).toBe('host');
  });
});
