/**
 * How the screen is shared out. Ink redraws the whole screen when a frame is as tall as the terminal, so the app
 * keeps every frame one row shorter than the terminal and gives each panel rows by what it has to show.
 */

/** Terminal widths from which the leaderboard and the live panels sit side by side. */
export const WIDE_COLUMNS = 160;
/** The rows assumed when the output stream does not say. */
export const DEFAULT_ROWS = 30;
/** Rows of the header: the title line, the split protocol, and one progress line per stage. */
export const HEADER_ROWS = 5;

/** Rows of content (titles excluded) for each panel of the main view. */
export interface MainLayout {
  readonly wide: boolean;
  readonly leaderboard: number;
  readonly running: number;
  readonly workers: number;
  readonly events: number;
}

/**
 * Splits `total` rows between sections that want `demands` rows, in proportion to `weights`, never giving a
 * section more than it wants and giving each at least one row while rows last.
 */
export function allocate(total: number, demands: readonly number[], weights: readonly number[]): number[] {
  const got = demands.map(() => 0);
  let left = Math.max(0, total);
  for (let i = 0; i < demands.length && left > 0; i++) if (demands[i]! > 0) [got[i], left] = [1, left - 1];
  while (left > 0) {
    const open = demands.map((d, i) => (got[i]! < d ? i : -1)).filter((i) => i >= 0);
    if (open.length === 0) break;
    const weight = open.reduce((w, i) => w + weights[i]!, 0);
    let given = 0;
    for (const i of open) {
      const share = Math.max(1, Math.floor((left * weights[i]!) / weight));
      const add = Math.min(share, demands[i]! - got[i]!, left - given);
      got[i]! += add;
      given += add;
    }
    if (given === 0) break;
    left -= given;
  }
  return got;
}

/** The main view's layout for a terminal of `columns` × `rows` and the number of items each panel holds. */
export function mainLayout(columns: number, rows: number, items: { points: number; running: number; workers: number; events: number }): MainLayout {
  const wide = columns >= WIDE_COLUMNS;
  const want = (n: number): number => Math.max(1, n);
  // Titles: leaderboard (title and column header), running, workers, events; plus the key hints line.
  const fixed = HEADER_ROWS + 2 + 1 + 1 + 1 + 1;
  const free = Math.max(4, rows - 1 - fixed);
  if (!wide) {
    const [leaderboard, running, workers, events] = allocate(free, [want(items.points), want(items.running), want(items.workers), want(items.events)], [4, 3, 2, 2]);
    return { wide, leaderboard: leaderboard!, running: running!, workers: workers!, events: events! };
  }
  // Side by side: the leaderboard's title and column header face the titles of running trials and workers.
  const [events] = allocate(Math.floor(free / 4), [want(items.events)], [1]);
  const leaderboard = Math.max(1, free - events!);
  const [running, workers] = allocate(leaderboard, [want(items.running), want(items.workers)], [3, 2]);
  return { wide, leaderboard, running: running!, workers: workers!, events: events! };
}
