import { didYouMean } from './did-you-mean.js';
import type { Problem } from './problems.js';

/** `unknown event "SALE_NWE"; expected A | B`: the misspelt word is quoted in the message. */
const UNKNOWN_VALUE = /^(unknown event ("[^"]*")); expected (.+)$/;
/** `unknown action; expected A | B` (also operators and keys): the misspelt word is the last key of the path. */
const UNKNOWN_KEY = /^(unknown [a-z -]+); expected (.+)$/;

function withSuggestion(head: string, word: string, expected: string): string {
  const close = didYouMean(word, expected.split(' | '));
  const hint = close.length === 0 ? '' : ` (did you mean ${close.join(' or ')}?)`;
  return `${head}${hint}; expected ${expected}`;
}

/** The problem, with a "did you mean" for a misspelt event, action, operator or key when one is close. */
export function suggestFix(problem: Problem): Problem {
  const value = UNKNOWN_VALUE.exec(problem.message);
  if (value) return { ...problem, message: withSuggestion(value[1]!, JSON.parse(value[2]!) as string, value[3]!) };
  const key = UNKNOWN_KEY.exec(problem.message);
  const last = problem.path.at(-1);
  if (key && typeof last === 'string') return { ...problem, message: withSuggestion(key[1]!, last, key[2]!) };
  return problem;
}
