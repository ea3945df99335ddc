import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/reconcile/progress-bar.js';

describe('the reconcile progress bar', () => {
  it('is drawn only where there is a terminal', () => {
    expect(createProgressBar(undefined)).toBeUndefined();
  });

  it('redraws one line with the count, ends full, and clears its line when done', () => {
    const written: string[] = [];
    const bar = createProgressBar({ write: (text: string) => written.push(text) })!;
    bar.total('monthly-members', 2);
    bar.tick();
    bar.tick();
    bar.done();
    expect(written[0]).toBe(`\rmonthly-members [${'.'.repeat(30)}] 0/2\u001b[K`);
    expect(written.at(-2)).toBe(`\rmonthly-members [${'#'.repeat(30)}] 2/2\u001b[K`);
    expect(written.at(-1)).toBe('\r\u001b[K');
    expect(written.every((text) => !text.includes('\n'))).toBe(true);
  });
});
