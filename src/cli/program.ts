import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { CliError, type CommandIo } from './command-context.js';
import { registerServe } from './commands/serve.js';
import { registerStart } from './commands/start.js';
import { registerWork } from './commands/work.js';

export function createProgram(io: CommandIo): Command {
  const program = new Command('systeme-hooks')
    .description('Verified Systeme.io webhooks, queued in Redis, turned into the reactions your rules file describes')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  registerServe(program, io);
  registerWork(program, io);
  registerStart(program, io);
  return program;
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 failure, 2 usage error). Long-running commands keep the process alive. */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`systeme-hooks: ${message}\n`);
    return 1;
  }
}
