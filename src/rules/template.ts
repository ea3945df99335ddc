import { z } from 'zod';
import { parsePath } from './paths.js';

/** A template split into literal text and `{{path}}` placeholders. */
export type TemplatePart = { text: string } | { path: string; segments: string[] };

export type TemplateResult = { ok: true; parts: TemplatePart[] } | { ok: false; error: string };

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Whether a string uses `{{…}}` at all (plain strings skip template handling). */
export function isTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('}}');
}

/** Parses `plan-{{pricePlan.id}}`; whitespace inside the braces is allowed (`{{ pricePlan.id }}`). */
export function parseTemplate(template: string): TemplateResult {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const literal = template.slice(last, match.index);
    if (literal.includes('{{') || literal.includes('}}')) return unbalanced(template);
    if (literal !== '') parts.push({ text: literal });
    const path = (match[1] ?? '').trim();
    const parsed = parsePath(path);
    if (!parsed.ok) return { ok: false, error: `placeholder {{${path}}}: ${parsed.error}` };
    parts.push({ path, segments: parsed.segments });
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  if (rest.includes('{{') || rest.includes('}}')) return unbalanced(template);
  if (rest !== '') parts.push({ text: rest });
  return { ok: true, parts };
}

/** The template without its placeholders: the part whose length is known at load. */
export function literalLength(parts: readonly TemplatePart[]): number {
  return parts.reduce((total, part) => total + ('text' in part ? part.text.length : 0), 0);
}

function unbalanced(template: string): TemplateResult {
  return {
    ok: false,
    error: `unbalanced braces in "${template}"; placeholders look like {{pricePlan.id}}`,
  };
}

/** A string that may hold `{{path}}` placeholders: syntax checked here, roots per rule in cross-checks.ts. */
export const templateSchema = z.string({ error: 'expected a string' }).superRefine((text, ctx) => {
  if (!isTemplate(text)) return;
  const parsed = parseTemplate(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});
