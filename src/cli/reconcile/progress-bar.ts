/** Where the bar is drawn: a terminal stream (stderr), or nothing. */
export interface ProgressTarget {
  write(text: string): unknown;
  columns?: number;
}

export interface ProgressBar {
  total(label: string, count: number): void;
  tick(): void;
  /** Clears the bar's line. */
  done(): void;
}

/**
 * `monthly-members [#######.......] 412/1000` on one line, redrawn at most every 100 ms. Only
 * numbers and entitlement names (plain by their schema) are drawn, so nothing needs escaping.
 */
export function createProgressBar(target: ProgressTarget | undefined): ProgressBar | undefined {
  if (!target) return undefined;
  let label = '';
  let count = 0;
  let seen = 0;
  let drawnAt = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - drawnAt < 100) return;
    drawnAt = now;
    const width = 30;
    const filled = count === 0 ? width : Math.round((seen / count) * width);
    target.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${seen}/${count}\u001b[K`);
  };
  return {
    total(name, total) {
      label = name;
      count = total;
      seen = 0;
      draw(true);
    },
    tick() {
      seen += 1;
      draw(seen === count);
    },
    done() {
      target.write('\r\u001b[K');
    },
  };
}
