import type { Command } from 'commander';
import type { CommandIo } from '../command-context.js';
import { parseFraction, parseNonNegativeInt, parsePort, parsePositiveInt, parseRateOption } from '../support/option-parsers.js';
import type { SimCommandOptions } from '../sim/run-sim.js';

export function registerSim(program: Command, io: CommandIo): void {
  program
    .command('sim')
    .description('Run the Systeme.io simulator (REST API, signed webhook deliveries, /__sim controls) until stopped')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 4010)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--api-key <key>', 'the API key clients must send (default: SYSTEME_API_KEY)')
    .option('--seed <file>', 'JSON file with the account to start with (see examples/sim-seed.json)')
    .option('--rate-limit <N/SECONDS>', 'at most N API requests per window, e.g. 10/1 (default 10000/60)', parseRateOption)
    .option('--other-integration <0..1>', "share of every rate-limit window spent by another integration of the account", parseFraction)
    .option('--latency <ms>', 'added to every API response', parseNonNegativeInt)
    .option('--fail-rate <0..1>', 'share of API requests answered 500/503', parseFraction)
    .option('--webhook-attempts <n>', 'delivery attempts per event and webhook (default 5)', parsePositiveInt)
    .addHelpText(
      'after',
      `
Point the service at it with SYSTEME_API_URL=<printed URL> and the same API key.
Stops on SIGINT (Ctrl-C) or SIGTERM.

Examples:
  systeme-hooks sim --api-key dev-key --seed examples/sim-seed.json
  systeme-hooks sim --api-key dev-key --port 0 --rate-limit 5/1 --fail-rate 0.1`,
    )
    // The simulator is imported on use, so other commands start without it.
    .action(async (options: SimCommandOptions) => (await import('../sim/run-sim.js')).runSim(io, options));
}
