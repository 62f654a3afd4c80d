/**
 * What the keys do, as a pure function of the UI state: the view shown, which panel has focus, the selected
 * point or trial (by id, so a selection survives the leaderboard re-ordering), the sort, and the fold shown in
 * the detail view.
 */
import { SORT_MODES, type SortMode } from './points.js';

/** The UI's own state (the sweep's is in the store). */
export interface UiState {
  readonly view: 'main' | 'detail' | 'help' | 'insight';
  /** The view `?` returns to. */
  readonly back: 'main' | 'detail';
  readonly focus: 'points' | 'trials';
  readonly point: string | null;
  readonly trial: string | null;
  readonly sort: SortMode;
  /** Index of the fold whose curves the detail view draws large. */
  readonly fold: number;
}

/** The keys the app reacts to, in Ink's terms. */
export interface KeyPress {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
  readonly ctrl?: boolean;
}

/** What the lists on screen hold, in screen order. */
export interface OnScreen {
  readonly points: readonly string[];
  readonly trials: readonly { readonly trialId: string; readonly pointId: string }[];
  /** Folds the detail view can show. */
  readonly folds: number;
}

/** Leaving the app: `q` detaches (the sweep goes on), Ctrl+C interrupts. */
export type ExitKey = 'detach' | 'interrupt';

/** The state the app starts in. */
export const INITIAL_UI: UiState = { view: 'main', back: 'main', focus: 'points', point: null, trial: null, sort: 'objective', fold: 0 };

const step = <T>(list: readonly T[], current: T | null, by: number): T | null => {
  if (list.length === 0) return null;
  const i = current === null ? -1 : list.indexOf(current);
  if (i < 0) return list[by > 0 ? 0 : list.length - 1]!;
  return list[Math.min(list.length - 1, Math.max(0, i + by))]!;
};

/** The new UI state after a key, or how the app should exit. */
export function pressKey(ui: UiState, input: string, key: KeyPress, screen: OnScreen): UiState | ExitKey {
  if (key.ctrl && input === 'c') return 'interrupt';
  if (input === 'q') return 'detach';
  if (input === '?') return ui.view === 'help' ? { ...ui, view: ui.back } : { ...ui, view: 'help', back: ui.view === 'insight' ? ui.back : ui.view === 'detail' ? 'detail' : 'main' };
  if (ui.view === 'help') return key.escape ? { ...ui, view: ui.back } : ui;
  if (input === 'i') return ui.view === 'insight' ? { ...ui, view: ui.back } : { ...ui, view: 'insight', back: ui.view === 'detail' ? 'detail' : 'main' };
  if (ui.view === 'insight') return key.escape ? { ...ui, view: ui.back } : ui;
  const move = key.upArrow ? -1 : key.downArrow ? 1 : 0;
  if (ui.view === 'detail') {
    if (key.escape) return { ...ui, view: 'main' };
    if (move !== 0) return { ...ui, point: step(screen.points, ui.point, move), fold: 0 };
    const turn = key.leftArrow ? -1 : key.rightArrow ? 1 : 0;
    if (turn !== 0 && screen.folds > 0) return { ...ui, fold: (ui.fold + turn + screen.folds) % screen.folds };
    return ui;
  }
  if (input === 's') return { ...ui, sort: SORT_MODES[(SORT_MODES.indexOf(ui.sort) + 1) % SORT_MODES.length]! };
  if (key.tab) return { ...ui, focus: ui.focus === 'points' ? 'trials' : 'points' };
  if (move !== 0 && ui.focus === 'points') return { ...ui, point: step(screen.points, ui.point, move) };
  if (move !== 0) return { ...ui, trial: step(screen.trials.map((t) => t.trialId), ui.trial, move) };
  if (key.return) {
    const point = ui.focus === 'points' ? ui.point ?? screen.points[0] ?? null : screen.trials.find((t) => t.trialId === ui.trial)?.pointId ?? null;
    return point === null ? ui : { ...ui, view: 'detail', point, fold: 0 };
  }
  return ui;
}
