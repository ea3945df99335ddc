import { oneLine } from './terminal-text.js';

/**
 * Plain aligned columns: the header row, then one row per item; the last column is not padded.
 * A cell is one line whatever it holds: its control characters (newlines included) are escaped.
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const all = [headers, ...rows.map((row) => row.map(oneLine))];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
