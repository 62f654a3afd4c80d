/** Column widths for the text tables of the TUI, fitted to the terminal's width. */

/** One column: its header and cell texts, and the least width it may shrink to. */
export interface ColumnSpec {
  readonly header: string;
  readonly cells: readonly string[];
  /** @default the widest cell or header, whichever is smaller than 4 */
  readonly min?: number;
  /** Columns that may shrink below their content, the widest first, when the table is too wide. */
  readonly shrink?: boolean;
}

/**
 * Widths that fit `width` with `gap` spaces between columns: each column as wide as its widest text, then the
 * shrinkable ones cut (widest first, down to their minimum) until the table fits or cannot shrink further.
 */
export function fitColumns(columns: readonly ColumnSpec[], width: number, gap = 1): number[] {
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((s) => s.length)));
  const mins = columns.map((c, i) => Math.min(widths[i]!, c.min ?? 4));
  let over = widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, columns.length - 1) - width;
  while (over > 0) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.shrink && widths[i]! > mins[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
    over--;
  }
  return widths;
}
