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
  it('builds on a base image given as a build argument, by default the official Node 24 Debian slim image', () => {
    const defaultImage = /NODE_IMAGE=(\S+)/.exec(args.map((a) => a.args).join(' '))?.[1];
    expect(defaultImage).toBe('node:24-bookworm-slim');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]!.args.split(/\s+/)[0]).toBe('${NODE_IMAGE}');
  });

  it('installs dev dependencies to build, production ones apart, and the image that runs holds only those and dist', () => {
    const stageNamed = (name: string) => stages.find((stage) => stage[0]!.args.endsWith(`AS ${name}`))!;
    const build = stageNamed('build').map((i) => i.args).join('\n');
    expect(build).toMatch(/npm ci(?! --omit)/);
    expect(build).toContain('npm run build');
    const deps = stageNamed('deps').map((i) => i.args).join('\n');
    expect(deps).toContain('npm ci --omit=dev');
    expect(all(runtime, 'RUN').some((i) => /npm (ci|install)/.test(i.args))).toBe(false);
    const copiedFromStages = all(runtime, 'COPY').filter((i) => i.args.startsWith('--from='));
    expect(copiedFromStages.map((i) => i.args).sort()).toEqual(['--from=build /app/dist/src ./dist/src', '--from=deps /app/node_modules ./node_modules']);
    expect(all(runtime, 'ENV').map((i) => i.args)).toContain('NODE_ENV=production');
  });

  it('reads a CA bundle for npm from a build secret only, never from a file or an argument kept in a layer', () => {
    const installs = stages.flatMap((stage) => all(stage, 'RUN')).filter((i) => i.args.includes('npm ci'));
    expect(installs.length).toBe(2);
    for (const install of installs) expect(install.args).toMatch(/^--mount=type=secret,id=npm_ca /);
    expect(args.map((a) => a.args).join(' ')).not.toMatch(/CA|CERT/i);
  });

  it('runs the CLI as the unprivileged node user with serve as the default command, under Docker\'s init rather than a package', () => {
    expect(one(runtime, 'USER')).toBe('node');
    // No step that works on one distribution only: Docker's own init (--init, compose init: true) needs no package.
    const steps = stages.flatMap((stage) => all(stage, 'RUN')).map((i) => i.args).join('\n');
    expect(steps).not.toMatch(/apk |apt-get |tini/);
    const bin = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin['systeme-hooks'];
    expect(execForm(one(runtime, 'ENTRYPOINT'))).toEqual(['node', `/app/${bin}`]);
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
