import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { RuleSet } from '../../src/rules/rule-set.js';
import { parseRules } from '../../src/rules/parse-rules.js';
import type { EventType } from '../../src/events/event-types.js';
import { normalisePayload, type EventData } from '../../src/events/normalise.js';

/** A recorded delivery body (test/fixtures/deliveries, PHP-escaped like Systeme.io's) as raw text. */
export function deliveryText(name: string): string {
  return readFileSync(new URL(`../fixtures/deliveries/${name}.json`, import.meta.url), 'utf8');
}

/** The normalised event data the engine sees, from a recorded delivery, optionally changed by `edit`. */
export function eventData(type: EventType, name: string, edit?: (payload: Record<string, any>) => void): EventData {
  const payload = JSON.parse(deliveryText(name)) as Record<string, any>;
  edit?.(payload);
  const result = normalisePayload(type, payload);
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

export const saleNew = (edit?: (payload: Record<string, any>) => void) => eventData('SALE_NEW', 'sale-new', edit);
export const contactCreated = () => eventData('CONTACT_CREATED', 'contact-created');
export const tagAdded = () => eventData('CONTACT_TAG_ADDED', 'contact-tag-added-double-nested');

export function rulesFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/rules/${name}`, import.meta.url), 'utf8');
}

/** Parses rules text that must be valid. */
export function ruleSetOf(yamlText: string): RuleSet {
  const result = parseRules(yamlText);
  if (!result.ok) expect.fail(`expected valid rules, got:\n${result.errors.join('\n')}`);
  return result.ruleSet;
}

/** The problems of rules text that must be invalid. */
export function errorsOf(yamlText: string): string[] {
  const result = parseRules(yamlText);
  if (result.ok) expect.fail('expected the rules to be refused');
  return result.errors;
}

/** A one-rule file listening to `on` with the given `when` block (YAML flow mapping) and a harmless action. */
export function ruleWhen(on: string, when: string): string {
  return `rules:\n  - name: r\n    on: ${on}\n    when: ${when}\n    do:\n      - add_tag: x\n`;
}
