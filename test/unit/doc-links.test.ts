import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchors, isExternal, links, slug } from '../helpers/markdown.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every broken relative link of one document, as `file:line target (why)`. */
function brokenLinks(document: string): string[] {
  const broken: string[] = [];
  for (const { target, line } of links(read(document))) {
    if (isExternal(target)) continue;
    const [path = '', anchor] = target.split('#', 2);
    const resolved = path === '' ? join(root, document) : join(dirname(join(root, document)), decodeURIComponent(path));
    const where = `${document}:${line} ${target}`;
    if (!existsSync(resolved)) {
      broken.push(`${where} (no such file)`);
    } else if (anchor !== undefined && anchor !== '') {
      if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) broken.push(`${where} (anchor on a file that is not markdown)`);
      else if (!anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${where} (no such heading in ${relative(root, resolved)})`);
    }
  }
  return broken;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('documentation links', () => {
  it('finds README.md and the docs folder', () => {
    expect(documents).toContain('README.md');
    expect(documents).toContain('docs/systeme-io.md');
  });

  it.each(documents)('every relative link and anchor in %s resolves', (document) => {
    expect(brokenLinks(document)).toEqual([]);
  });

  it('every docs/…md#anchor cited by a comment in src/ or test/ exists', () => {
    const broken: string[] = [];
    for (const file of [...sourceFiles('src'), ...sourceFiles('test')]) {
      for (const match of read(file).matchAll(/\bdocs\/([\w-]+\.md)#([\w-]+)/g)) {
        const doc = `docs/${match[1]}`;
        if (!existsSync(join(root, doc)) || !anchors(read(doc)).has(match[2]!)) broken.push(`${file}: ${match[0]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no source comment cites a file outside the repository', () => {
    const offenders = [...sourceFiles('src'), ...sourceFiles('test')].filter((file) => /FACTS\.md|STYLE\.md/.test(read(file)) && !file.endsWith('doc-links.test.ts'));
    expect(offenders).toEqual([]);
  });
});

describe('markdown reading used by the link check', () => {
  it('makes anchors the way GitHub does', () => {
    expect(slug('The gateway (Systeme.io API client)')).toBe('the-gateway-systemeio-api-client');
    expect(slug('`systeme-hooks rules check`')).toBe('systeme-hooks-rules-check');
    expect(slug('Local quick start (no account needed)')).toBe('local-quick-start-no-account-needed');
    expect(slug('Reliability and benchmarks — figures')).toBe('reliability-and-benchmarks--figures');
  });

  it('numbers repeated headings and ignores headings in code', () => {
    const found = anchors('# A\n## A\n```sh\n# not a heading\n```\n<a id="explicit"></a>\n');
    expect([...found].sort()).toEqual(['a', 'a-1', 'explicit']);
  });

  it('reads inline links and definitions, not links inside code', () => {
    const found = links('See [x](guide/x.md#y) and `[no](z.md)`.\n```\n[no](w.md)\n```\n[ref]: other.md\n');
    expect(found).toEqual([
      { target: 'guide/x.md#y', line: 1 },
      { target: 'other.md', line: 5 },
    ]);
  });

  it('tells external links apart', () => {
    expect(isExternal('https://systeme.io')).toBe(true);
    expect(isExternal('mailto:a@b.c')).toBe(true);
    expect(isExternal('docs/cli.md')).toBe(false);
    expect(isExternal('#anchor')).toBe(false);
  });
});
