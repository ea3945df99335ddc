import { createSimulator, loadSeedFile, SeedError, type SimulatorOptions } from '../../sim/index.js';
import { CliError, configFor, print, type CommandIo } from '../command-context.js';
import { cliLogger } from '../support/cli-logger.js';
import { usageError } from '../support/usage-error.js';
import { onShutdown } from '../shutdown.js';

/** The options of `sim`, as parsed by commander (defaults: port 4010, host 127.0.0.1; the rest as in SimulatorOptions). */
export interface SimCommandOptions {
  port: number;
  host: string;
  apiKey?: string;
  seed?: string;
  rateLimit?: { max: number; durationMs: number };
  otherIntegration?: number;
  latency?: number;
  failRate?: number;
  webhookAttempts?: number;
}

/** `sim`: listens until SIGINT/SIGTERM (the process stays alive after this resolves). */
export async function runSim(io: CommandIo, options: SimCommandOptions): Promise<void> {
  const config = configFor(io);
  const apiKey = options.apiKey ?? config.env.SYSTEME_API_KEY;
  if (!apiKey) throw usageError('--api-key is required (or set SYSTEME_API_KEY): the key clients of the simulator must send');
  let seed: SimulatorOptions['seed'];
  if (options.seed !== undefined) {
    try {
      seed = await loadSeedFile(options.seed);
    } catch (error) {
      if (error instanceof SeedError) throw new CliError(error.message);
      throw error;
    }
  }
  const simulator = createSimulator({
    apiKey,
    ...(seed ? { seed } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.otherIntegration !== undefined ? { otherIntegrationShare: options.otherIntegration } : {}),
    ...(options.latency !== undefined ? { latencyMs: options.latency } : {}),
    ...(options.failRate !== undefined ? { failRate: options.failRate } : {}),
    ...(options.webhookAttempts !== undefined ? { webhookAttempts: options.webhookAttempts } : {}),
  });
  let url: string;
  try {
    url = await simulator.listen(options.port, options.host);
  } catch (error) {
    throw new CliError(`The simulator cannot listen on ${options.host}:${options.port} (${(error as Error).message}); choose another --port`);
  }
  print(io, `Systeme.io simulator listening on ${url}`);
  print(io, `Use SYSTEME_API_URL=${url} with the same API key; controls under ${url}/__sim/ (Ctrl-C stops).`);
  onShutdown(cliLogger(config, io, 'sim'), () => simulator.close(), 5_000);
}
