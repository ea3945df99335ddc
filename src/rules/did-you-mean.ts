/**
 * Edit distance between two strings: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 (optimal string alignment), so `SALE_NWE` is 1 from `SALE_NEW`.
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: distance between the first i characters of a and the first j of b.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidates closest to a misspelt `word` (case and `-`/`_` ignored), when they are close
 * enough to be what was meant: at most one edit per three characters, and at least one. Ties are
 * all returned, in the candidates' order; nothing close gives an empty list.
 */
export function didYouMean(word: string, candidates: readonly string[]): string[] {
  const plain = (text: string) => text.toLowerCase().replace(/-/g, '_');
  const wanted = plain(word);
  if (wanted === '') return [];
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best = limit + 1;
  let found: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(wanted, plain(candidate));
    if (distance > limit) continue;
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best) {
      found.push(candidate);
    }
  }
  return found;
}
