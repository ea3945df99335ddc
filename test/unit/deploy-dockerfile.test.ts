import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Instruction {
  keyword: string;
  args: string;
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Dockerfile → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): { args: Instruction[]; stages: Instruction[][] } {
  const joined = text.replace(/\\\n/g, ' ');
  const instructions = joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const firstFrom = instructions.findIndex((i) => i.keyword === 'FROM');
  const stages: Instruction[][] = [];
  for (const instruction of instructions.slice(firstFrom)) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)!.push(instruction);
  }
  return { args: instructions.slice(0, firstFrom), stages };
}

const { args, stages } = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1)!;
const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);
const one = (stage: Instruction[], keyword: string) => {
  const found = all(stage, keyword);
  expect(found, `one ${keyword} in the final stage`).toHaveLength(1);
  return found[0]!.args;
};
const execForm = (args: string) => JSON.parse(args) as string[];

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, both on a current Node LTS (22 or 24) slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const nodeVersion = /NODE_VERSION=(\d+)/.exec(args.map((a) => a.args).join(' '))?.[1];
    for (const stage of stages) {
      const image = stage[0]!.args.split(/\s+/)[0]!.replace('${NODE_VERSION}', nodeVersion ?? '');
      expect(image).toMatch(/^node:(22|24)-(alpine|bookworm-slim)$/);
    }
  });

  it('installs dev dependencies to build, and production ones only in the image that runs', () => {
    const build = stages[0]!.map((i) => i.args).join('\n');
    expect(build).toMatch(/npm ci(?! --omit)/);
    expect(build).toContain('npm run build');
    const runs = all(runtime, 'RUN').map((i) => i.args);
    const installs = runs.filter((r) => r.includes('npm ci') || r.includes('npm install'));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain('npm ci --omit=dev');
    const copiedFromBuild = all(runtime, 'COPY').filter((i) => i.args.startsWith('--from='));
    expect(copiedFromBuild.map((i) => i.args)).toEqual(['--from=build /app/dist/src ./dist/src']);
    expect(all(runtime, 'ENV').map((i) => i.args)).toContain('NODE_ENV=production');
  });

  it('runs as the unprivileged node user, under tini, the CLI with serve as the default command', () => {
    expect(one(runtime, 'USER')).toBe('node');
    expect(all(runtime, 'RUN').some((i) => /apk add --no-cache tini|apt-get install .*tini/.test(i.args))).toBe(true);
    const entrypoint = execForm(one(runtime, 'ENTRYPOINT'));
    expect(entrypoint.slice(0, 2)).toEqual(['/sbin/tini', '--']);
    const bin = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin['systeme-hooks'];
    expect(entrypoint.slice(2)).toEqual(['node', `/app/${bin}`]);
    expect(execForm(one(runtime, 'CMD'))).toEqual(['serve']);
  });

  it('checks health with its own script, which it copies', () => {
    const healthcheck = one(runtime, 'HEALTHCHECK');
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4));
    expect(command[0]).toBe('node');
    const script = command[1]!.replace(/^\/app\//, '');
    expect(existsSync(new URL(script, root))).toBe(true);
    expect(all(runtime, 'COPY').some((i) => i.args.includes(script))).toBe(true);
    expect(healthcheck).toMatch(/--interval=\d+s/);
  });

  it('copies only files that exist and that .dockerignore lets through; keeps .env and node_modules out', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'));
    const sources = stages
      .flatMap((stage) => all(stage, 'COPY'))
      .filter((i) => !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect(existsSync(new URL(source, root)), `${source} is copied but does not exist`).toBe(true);
      const top = source.split('/')[0]!;
      expect(ignored, `${source} is copied but .dockerignore excludes it`).not.toContain(source);
      expect(ignored, `${source} is copied but .dockerignore excludes ${top}`).not.toContain(top);
    }
    for (const secret of ['.env', 'node_modules', '.git']) expect(ignored).toContain(secret);
  });
});
