import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockedPackage> };
const project = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

/** Every installed package whose declared Node range leaves out `version`. */
function refusing(version: string, select: (entry: LockedPackage) => boolean): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && select(entry))
    .filter(([, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range !== undefined && !semver.satisfies(version, range);
    })
    .map(([path, entry]) => `${path} (node ${(entry.engines as { node: string }).node})`);
}

describe('the installed tree and the Node versions the project says it runs on', () => {
  it('declares Node 20 as the lowest it supports', () => {
    expect(semver.minVersion(project.engines.node)?.major).toBe(20);
  });

  // `npm ci` warns (EBADENGINE) and the code may use what Node 20 lacks otherwise; the image's
  // `npm ci --omit=dev` installs only these (docs/dependencies.md#overrides).
  it('installs no runtime package that refuses any Node 20', () => {
    expect(refusing('20.0.0', (entry) => entry.dev !== true)).toEqual([]);
  });

  it('installs no package, tests and tools included, that refuses the current Node 20 line', () => {
    // Optional packages are other platforms' native builds, never installed here.
    expect(refusing('20.19.0', (entry) => entry.optional !== true)).toEqual([]);
  });
});
