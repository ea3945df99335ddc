import type { Config } from '../../config/load-config.js';
import { createGateway, gatewayOptionsFromConfig, type Gateway } from '../../gateway/index.js';
import type { CommandIo } from '../command-context.js';
import { cliLogger } from './cli-logger.js';

/** The typed API client as the service configures it (base URL, key, timeout, retries), logging to stderr. */
export function gatewayFor(config: Config, io: CommandIo): Gateway {
  return createGateway(gatewayOptionsFromConfig(config, { logger: cliLogger(config, io, 'cli') }));
}
