import { z } from 'zod';
import { parsePath } from './paths.js';
import { readPath } from './read-path.js';

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

export type RenderResult = { ok: true; value: string } | { ok: false; error: string };

/** A template parsed once (at load): rendering reads the event, it never parses the text again. */
export interface CompiledTemplate {
  readonly source: string;
  render(data: unknown): RenderResult;
}

type PartRenderer = (data: unknown) => RenderResult;

/**
 * Compiles a template into one renderer per part. A placeholder must find exactly one plain
 * value: a missing one is an error rather than an empty string (a tag "plan-" would be wrong and
 * lasting). A template that does not parse renders as its parse error (load refuses it first).
 */
export function compileTemplate(template: string): CompiledTemplate {
  if (!isTemplate(template)) {
    const value: RenderResult = { ok: true, value: template };
    return { source: template, render: () => value };
  }
  const parsed = parseTemplate(template);
  if (!parsed.ok) {
    const failure: RenderResult = parsed;
    return { source: template, render: () => failure };
  }
  const parts = parsed.parts.map(partRenderer);
  return {
    source: template,
    render(data) {
      let value = '';
      for (const part of parts) {
        const rendered = part(data);
        if (!rendered.ok) return rendered;
        value += rendered.value;
      }
      return { ok: true, value };
    },
  };
}

function partRenderer(part: TemplatePart): PartRenderer {
  if ('text' in part) {
    const value: RenderResult = { ok: true, value: part.text };
    return () => value;
  }
  const placeholder = `{{${part.path}}}`;
  const segments = part.segments;
  return (data) => {
    const found = readPath(data, segments);
    if (found.length === 0) return { ok: false, error: `${placeholder} has no value in this event` };
    if (found.length > 1) {
      return { ok: false, error: `${placeholder} has ${found.length} values in this event (it goes through a list); a placeholder needs exactly one` };
    }
    const [single] = found;
    if (typeof single === 'object') {
      return { ok: false, error: `${placeholder} is a ${Array.isArray(single) ? 'list' : 'mapping'}, not a value; name a key inside it` };
    }
    return { ok: true, value: String(single) };
  };
}

/** A string that may hold `{{path}}` placeholders: syntax checked here, roots per rule in cross-checks.ts. */
export const templateSchema = z.string({ error: 'expected a string' }).superRefine((text, ctx) => {
  if (!isTemplate(text)) return;
  const parsed = parseTemplate(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});
