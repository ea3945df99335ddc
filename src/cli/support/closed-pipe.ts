/**
 * Ends the process quietly when whoever reads its output goes away (`systeme-hooks --help | head -1`):
 * a write to a closed pipe fails with EPIPE, which Node reports as an unhandled 'error' event with
 * a stack trace. Here the process exits at once with the exit code it had so far (0 if none), as a
 * Unix filter stopped by SIGPIPE does, and prints nothing: there is no one left to read it.
 * Other stream errors are left alone.
 */
export function exitQuietlyOnClosedPipe(
  streams: readonly NodeJS.WritableStream[],
  exit: (code: number) => void = (code) => process.exit(code),
  exitCode: () => number = () => Number(process.exitCode ?? 0),
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        exit(exitCode());
        return;
      }
      throw error;
    });
  }
}
