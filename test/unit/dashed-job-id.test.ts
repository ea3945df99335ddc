import { describe, expect, it } from 'vitest';
import { dashedJobIdAsOperand } from '../../src/cli/support/dashed-job-id.js';

describe('a job id stored with a leading "-", on the command line', () => {
  it('is passed to failed show and failed retry as the id, wherever it stands among the options', () => {
    expect(dashedJobIdAsOperand(['failed', 'show', '-a9abfzcNBgo7PDH92Go0Q'])).toEqual(['failed', 'show', '--', '-a9abfzcNBgo7PDH92Go0Q']);
    expect(dashedJobIdAsOperand(['failed', 'show', '-a9abfzcNBgo7PDH92Go0Q', '--json'])).toEqual(['failed', 'show', '--json', '--', '-a9abfzcNBgo7PDH92Go0Q']);
    expect(dashedJobIdAsOperand(['failed', 'retry', '-Z3_pQ8vK2mN7xY4.ab-d_9Kq'])).toEqual(['failed', 'retry', '--', '-Z3_pQ8vK2mN7xY4.ab-d_9Kq']);
  });

  it('leaves everything else as typed: other commands, other shapes, an explicit --', () => {
    for (const argv of [
      ['failed', 'list', '-a9abfzcNBgo7PDH92Go0Q'],
      ['history', '-a9abfzcNBgo7PDH92Go0Q'],
      ['failed', 'show', '--jsonn'],
      ['failed', 'show', '-a9abfzcNBgo7PDH92Go0'],
      ['failed', 'show', '--', '-a9abfzcNBgo7PDH92Go0Q'],
      ['failed', 'retry', '--all', '--event', 'SALE_NEW'],
    ]) {
      expect(dashedJobIdAsOperand(argv)).toEqual(argv);
    }
  });
});
