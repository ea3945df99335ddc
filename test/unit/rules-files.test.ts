import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '../../src/actions/built-in.js';
import { rulesJsonSchema, rulesJsonSchemaText } from '../../src/rules/json-schema.js';
import { loadRulesFile } from '../../src/rules/load-rules-file.js';
import { evaluateRules } from '../../src/rules/select-rules.js';
import { contactCreated, rulesFixture, saleNew, tagAdded } from './rules-fixtures.js';

const root = (name: string) => new URL(`../../${name}`, import.meta.url);

describe('rules.example.yaml', () => {
  it('is a valid rules file that demonstrates every action', async () => {
    const ruleSet = await loadRulesFile(root('rules.example.yaml').pathname);
    const used = new Set(ruleSet.rules.flatMap((rule) => rule.actions.map((action) => action.type)));
    expect([...used].sort()).toEqual([...ACTION_TYPES].sort());
    expect(ruleSet.events()).toEqual(['CONTACT_CREATED', 'CONTACT_TAG_ADDED', 'CONTACT_OPT_IN', 'SALE_NEW', 'SALE_CANCELED']);
  });

  it('points editors at the schema on its first line', () => {
    expect(readFileSync(root('rules.example.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./rules.schema.json');
  });

  it('reacts to the recorded deliveries as its comments say', async () => {
    const ruleSet = await loadRulesFile(root('rules.example.yaml').pathname);
    const names = (rules: { name: string }[]) => rules.map((rule) => rule.name);
    expect(names(evaluateRules(ruleSet, 'SALE_NEW', saleNew()))).toEqual(['buyers-get-the-course']);
    expect(names(evaluateRules(ruleSet, 'SALE_CANCELED', saleNew()))).toEqual(['refunds-lose-access']);
    expect(names(evaluateRules(ruleSet, 'CONTACT_TAG_ADDED', tagAdded()))).toEqual(['vip-gets-the-first-modules']);
    // The recorded contact is English with a .com address: not a French lead.
    expect(names(evaluateRules(ruleSet, 'CONTACT_CREATED', contactCreated()))).toEqual([]);
  });
});

describe('rules.schema.json', () => {
  it('is up to date with the zod schema', () => {
    const committed = readFileSync(root('rules.schema.json'), 'utf8');
    expect(
      committed === rulesJsonSchemaText(),
      'rules.schema.json is out of date with src/rules/*.ts: regenerate it with `npm run build && node scripts/write-rules-schema.mjs` and commit it',
    ).toBe(true);
  });

  it('lets an editor accept the example and flag typos', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(rulesJsonSchema());
    expect(validate(parse(readFileSync(root('rules.example.yaml'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(rulesFixture('documented-format.yaml')))).toBe(true);
    expect(validate({ rules: [{ name: 'r', on: 'SALE_NEW', do: [{ ad_tag: 'x' }] }] })).toBe(false);
    expect(validate({ rules: [{ name: 'r', on: 'SALE_NEW', do: [{ add_tag: 'x', remove_tag: 'y' }] }] })).toBe(false);
    expect(validate({ rules: [{ name: 'r', on: 'SALE_NEW', when: { 'sale.id': 1 }, do: [{ add_tag: 'x' }] }] })).toBe(false);
    expect(validate({ rules: [{ name: 'r', on: 'SALE_NEW', do: [{ enroll: { course: 1, access: 'full' } }] }] })).toBe(false);
  });
});
