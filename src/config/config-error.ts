import { AppError } from '../common/app-error.js';

/** The configuration is unusable; `problems` lists every mistake, one line each. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
