import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { CliError, safeIo, type CommandIo } from './command-context.js';
import { registerFailed } from './commands/failed.js';
import { registerHistory } from './commands/history.js';
import { registerMaton } from './commands/maton.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerRules } from './commands/rules.js';
import { registerServe } from './commands/serve.js';
import { registerSim } from './commands/sim.js';
import { registerStart } from './commands/start.js';
import { registerTrigger } from './commands/trigger.js';
import { registerWebhook } from './commands/webhook.js';
import { registerWork } from './commands/work.js';
import { dashedJobIdAsOperand } from './support/dashed-job-id.js';
import { packageVersion } from './support/package-version.js';

export function createProgram(given: CommandIo): Command {
  const io = safeIo(given);
  const program = new Command('systeme-hooks')
    .description('Verified Systeme.io webhooks, queued in Redis, turned into the reactions your rules file describes')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Configuration comes from the environment (and ./.env when present), as for
the service. Every listing takes --json.
Exit codes: 0 ok, 1 failure, 2 usage error.

Examples:
  systeme-hooks rules check
  systeme-hooks webhook register --url https://hooks.example/webhooks/systeme
  systeme-hooks start`,
    );
  registerServe(program, io);
  registerWork(program, io);
  registerStart(program, io);
  registerWebhook(program, io);
  registerRules(program, io);
  registerTrigger(program, io);
  registerFailed(program, io);
  registerHistory(program, io);
  registerReconcile(program, io);
  registerMaton(program, io);
  registerSim(program, io);
  return program;
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 failure, 2 usage error). Long-running commands keep the process alive. */
export async function runCli(argv: string[], given: CommandIo): Promise<number> {
  const io = safeIo(given);
  const program = createProgram(io);
  try {
    await program.parseAsync(dashedJobIdAsOperand(argv), { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `--help` and `help` exit 0; help shown because a subcommand is missing (`webhook`) is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return error.exitCode === 0 ? 0 : 2;
      }
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof CliError) {
      // An empty message: the command has said everything already and only sets the exit code.
      if (error.message !== '') io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`systeme-hooks: ${message}\n`);
    return 1;
  }
}
