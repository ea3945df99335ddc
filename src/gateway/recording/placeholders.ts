/** Ids no real account holds (2^52 and up, still safe integers): they stand for what a dry run cannot know. */
const FIRST_ID = 2 ** 52;
const PLACEHOLDER_DIGITS = /\b\d{16}\b/g;
/** A long dry run keeps the labels of its latest ids only. */
const KEPT_LABELS = 10_000;

/** Ids made up for a dry run, each standing for a label such as `<id of "Customers">`. */
export interface Placeholders {
  /** A new id standing for `label`. */
  create(label: string): number;
  /** `text` with every placeholder id replaced by its label. */
  show(text: string): string;
}

export function createPlaceholders(): Placeholders {
  const labels = new Map<number, string>();
  let next = FIRST_ID;
  return {
    create(label) {
      const id = next++;
      labels.set(id, label);
      if (labels.size > KEPT_LABELS) labels.delete(id - KEPT_LABELS);
      return id;
    },
    show: (text) => text.replace(PLACEHOLDER_DIGITS, (digits) => labels.get(Number(digits)) ?? digits),
  };
}
