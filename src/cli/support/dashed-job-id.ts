/**
 * Job ids stored before ids were made option-safe may begin with '-', which the command line reads
 * as an option (docs/operations.md#job-ids). Such an id is passed to `failed show` and
 * `failed retry` as the id: it moves behind a `--`. Only the exact shapes of those ids qualify
 * (22 base64url characters, or 16, a dot and 8 for a sale), so a mistyped option stays an error.
 */
const DASHED_JOB_ID = /^-(?:[\w-]{21}|[\w-]{15}\.[\w-]{8})$/;

const TAKES_JOB_ID = new Set(['show', 'retry']);

export function dashedJobIdAsOperand(argv: readonly string[]): string[] {
  if (argv[0] !== 'failed' || !TAKES_JOB_ID.has(argv[1] ?? '') || argv.includes('--')) return [...argv];
  const at = argv.findIndex((arg, index) => index > 1 && DASHED_JOB_ID.test(arg));
  if (at === -1) return [...argv];
  return [...argv.slice(0, at), ...argv.slice(at + 1), '--', argv[at]!];
}
