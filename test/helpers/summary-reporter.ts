import type { Reporter, TestModule, Vitest } from 'vitest/node';

/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that any CI can read. With
 * coverage on, vitest prints the coverage report after every reporter hook, so the line is
 * written as the process exits, to stay the last line.
 */
export default class SummaryReporter implements Reporter {
  private coverage = false;

  onInit(vitest: Vitest): void {
    this.coverage = vitest.config.coverage.enabled;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    const line = `\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`;
    if (this.coverage) process.once('exit', () => process.stdout.write(line));
    else process.stdout.write(line);
  }
}
