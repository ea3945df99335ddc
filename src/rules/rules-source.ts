import { unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import type { ActionRegistry } from '../actions/registry.js';
import { loadRulesFile } from './load-rules-file.js';
import { RulesError } from './rules-error.js';
import type { RuleSet } from './rule-set.js';

export interface RulesSource {
  /** The rules in force. */
  current(): RuleSet;
  /** Reads the file again: a valid version replaces the rules at once, an invalid one is refused (logged) and the old rules stay. */
  reload(): Promise<boolean>;
  close(): void;
}

export interface RulesSourceOptions {
  path: string;
  logger: Logger;
  /** Watch the file (stat polling, which also works on bind mounts). Default true. */
  watch?: boolean;
  /** Polling interval, ms. Default 1000. */
  intervalMs?: number;
  /** The action types the file may use. Default: the built-in ones. */
  actions?: ActionRegistry;
}

/** Loads the rules file (throws RulesError at start) and keeps it current while the worker runs. */
export async function createRulesSource(options: RulesSourceOptions): Promise<RulesSource> {
  let rules = await loadRulesFile(options.path, options.actions);
  let reloading: Promise<boolean> | undefined;
  const log = options.logger.child({ rulesFile: options.path });
  log.info({ rules: rules.rules.length, events: rules.events() }, 'rules loaded');

  async function reload(): Promise<boolean> {
    try {
      const next = await loadRulesFile(options.path, options.actions);
      rules = next;
      log.info({ rules: next.rules.length, events: next.events() }, 'rules reloaded');
      return true;
    } catch (error) {
      const problems = error instanceof RulesError ? error.problems : [String(error)];
      log.error({ problems }, 'rules file refused; the previous rules stay in force');
      return false;
    }
  }

  const watching = options.watch ?? true;
  if (watching) {
    watchFile(options.path, { interval: options.intervalMs ?? 1000, persistent: false }, (now, before) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
      reloading = (reloading ?? Promise.resolve(true)).then(reload);
    });
  }
  return {
    current: () => rules,
    reload: () => (reloading = (reloading ?? Promise.resolve(true)).then(reload)),
    close: () => {
      if (watching) unwatchFile(options.path);
    },
  };
}
