import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, envSchema } from '../../src/config/env-schema.js';
import { loadConfig } from '../../src/config/load-config.js';

/** Read by Docker Compose from `.env`, not by the service. */
const COMPOSE_ONLY = ['COMPOSE_PROFILES'];

interface Entry {
  name: string;
  value: string;
  /** `# NAME=value`: shows the default; `NAME=value`: a setting the copy of the file makes. */
  commented: boolean;
  /** The comment lines right above it. */
  description: string[];
}

function readEnvExample(): Entry[] {
  const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
  const entries: Entry[] = [];
  let comments: string[] = [];
  for (const line of lines) {
    const variable = /^(#\s?)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (variable) {
      entries.push({ name: variable[2]!, value: variable[3]!, commented: variable[1] !== undefined, description: comments });
      comments = [];
    } else if (line.startsWith('#')) {
      comments.push(line.replace(/^#\s?/, ''));
    } else {
      comments = [];
    }
  }
  return entries;
}

const schemaOf = (name: string) => envSchema.shape[name as keyof typeof envSchema.shape];

describe('.env.example', () => {
  const entries = readEnvExample();
  const serviceEntries = entries.filter((entry) => !COMPOSE_ONLY.includes(entry.name));

  it('lists exactly the variables of the config schema (ENV_KEYS), each once', () => {
    const names = serviceEntries.map((entry) => entry.name);
    const keys: readonly string[] = ENV_KEYS;
    expect(keys.filter((key) => !names.includes(key)), 'in the schema, missing from .env.example').toEqual([]);
    expect(names.filter((name) => !keys.includes(name)), 'in .env.example, unknown to the schema').toEqual([]);
    expect(names.filter((name, index) => names.indexOf(name) !== index), 'listed twice').toEqual([]);
  });

  it('explains every variable in a comment right above it', () => {
    for (const entry of entries) {
      expect(entry.description.join(' ').length, `${entry.name} needs a one-line comment above it`).toBeGreaterThan(15);
    }
  });

  it('shows each commented-out variable with the default the schema applies', () => {
    for (const entry of serviceEntries.filter((e) => e.commented && e.value !== '')) {
      const shown = schemaOf(entry.name).safeParse(entry.value);
      const fallback = schemaOf(entry.name).safeParse(undefined);
      expect(shown.success, `${entry.name}=${entry.value} must be valid`).toBe(true);
      expect(shown.data, `${entry.name}: .env.example shows ${entry.value}, the schema's default differs`).toEqual(fallback.data);
    }
  });

  it('leaves empty only what has no default', () => {
    for (const entry of serviceEntries.filter((e) => e.value === '')) {
      const fallback = schemaOf(entry.name).parse(undefined);
      const hasDefault = fallback !== undefined && !(Array.isArray(fallback) && fallback.length === 0);
      expect(hasDefault, `${entry.name} has a default: show it`).toBe(false);
    }
  });

  it('copied to .env as it is, loads (defaults everywhere) and names what is still missing', () => {
    const env = Object.fromEntries(entries.filter((e) => !e.commented).map((e) => [e.name, e.value]));
    const config = loadConfig(env);
    expect(config.http.port).toBe(3000);
    expect(() => loadConfig(env, ['secret', 'api'])).toThrow(/SYSTEME_WEBHOOK_SECRET[\s\S]*SYSTEME_API_KEY/);
  });

  it('starts the app profile of docker-compose.yml by default', () => {
    expect(entries.find((e) => e.name === 'COMPOSE_PROFILES')).toMatchObject({ value: 'app', commented: false });
  });
});
