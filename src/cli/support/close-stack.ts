export interface CloseFailure {
  label: string;
  error: unknown;
}

export interface CloseStack {
  /**
   * Registers how to close something just started. Closing runs last-in first-out: what was
   * started last (intake, workers) stops before what it depends on (Redis clients, then Redis).
   */
  defer(label: string, close: () => unknown): void;
  /** Closes everything once, in reverse order, each even if one before failed or hung; resolves to the failures. */
  closeAll(): Promise<CloseFailure[]>;
}

export interface CloseStackOptions {
  /** A close still running after this long is given up on (reported) and the next one runs. Default 30 s. */
  stepTimeoutMs?: number;
}

class CloseTimeoutError extends Error {
  readonly code = 'CLOSE_TIMEOUT';
  constructor(label: string, ms: number) {
    super(`${label} did not close within ${ms} ms; check what it waits for (a process or server that is gone?)`);
    this.name = 'CloseTimeoutError';
  }
}

/** One ordered clean-up path for commands that start several things (the demo, the benchmarks). */
export function createCloseStack(options: CloseStackOptions = {}): CloseStack {
  const stepTimeoutMs = options.stepTimeoutMs ?? 30_000;
  const steps: { label: string; close: () => unknown }[] = [];
  let closing: Promise<CloseFailure[]> | undefined;

  async function runStep(step: { label: string; close: () => unknown }): Promise<CloseFailure | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CloseTimeoutError(step.label, stepTimeoutMs)), stepTimeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(step.close), timeout]);
      return undefined;
    } catch (error) {
      return { label: step.label, error };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    defer(label, close) {
      if (closing) throw new Error(`cannot register ${label}: already closing`);
      steps.push({ label, close });
    },
    closeAll() {
      closing ??= (async () => {
        const failures: CloseFailure[] = [];
        for (const step of steps.splice(0).reverse()) {
          const failure = await runStep(step);
          if (failure) failures.push(failure);
        }
        return failures;
      })();
      return closing;
    },
  };
}
