import type { ActionBase } from '../../src/actions/action-module.js';
import { ruleSetOf } from './rules-fixtures.js';

/** The actions of a one-rule file on CONTACT_CREATED whose `do` list is the given YAML items. */
export function parseActions(items: string[]): ActionBase[] {
  const text = `rules:\n  - name: r\n    on: CONTACT_CREATED\n    do:\n${items.map((item) => `      - ${item}\n`).join('')}`;
  return [...(ruleSetOf(text).rules[0]?.actions ?? [])];
}
