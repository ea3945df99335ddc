import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { CommandIo } from './command-context.js';
import { createProgram } from './program.js';

export const REFERENCE_START = '<!-- cli-reference:start -->';
export const REFERENCE_END = '<!-- cli-reference:end -->';

/** Help is rendered at this width whatever the terminal, so the reference is the same everywhere. */
const HELP_WIDTH = 80;

function sink(write: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      write(String(chunk));
      done();
    },
  });
}

/**
 * The CLI reference of docs/cli.md: every command's `--help`, as markdown, rendered from the
 * commander program itself (so it cannot drift from it; test/unit/cli-reference.test.ts checks
 * the page). Regenerate with `npm run docs:cli`.
 */
export function cliReference(): string {
  let captured = '';
  const io: CommandIo = { env: {}, stdout: sink((text) => (captured += text)), stderr: sink(() => undefined) };
  const sections: string[] = [];
  const visit = (command: Command, path: string[]) => {
    command.configureHelp({ ...command.configureHelp(), helpWidth: HELP_WIDTH });
    command.configureOutput({ ...command.configureOutput(), getOutHasColors: () => false, getOutHelpWidth: () => HELP_WIDTH });
    captured = '';
    command.outputHelp();
    sections.push(`### \`${path.join(' ')}\`\n\n\`\`\`text\n${captured.trimEnd()}\n\`\`\``);
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(createProgram(io), ['systeme-hooks']);
  return `<!-- Generated from the program by \`npm run docs:cli\`; do not edit by hand. -->\n\n${sections.join('\n\n')}\n`;
}

/** `page` with the text between the reference markers replaced by `reference`. */
export function replaceCliReference(page: string, reference: string): string {
  const start = page.indexOf(REFERENCE_START);
  const end = page.indexOf(REFERENCE_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`docs/cli.md needs the markers ${REFERENCE_START} and ${REFERENCE_END} (in that order) around the CLI reference`);
  }
  return `${page.slice(0, start + REFERENCE_START.length)}\n${reference}${page.slice(end)}`;
}
