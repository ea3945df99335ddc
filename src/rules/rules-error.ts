import { AppError } from '../common/app-error.js';

/** A rules file that cannot be used; `problems` lists every mistake, one line each, with its location. */
export class RulesError extends AppError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super('RULES_INVALID', `Invalid rules file ${source} (${count}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'RulesError';
  }
}
