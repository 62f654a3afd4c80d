import { useEffect, useMemo, useState } from 'react';
import { Box, useApp, useInput, useStdin } from 'ink';
import type { SweepStore } from './store.js';
import { INITIAL_UI, pressKey, type ExitKey, type UiState } from './navigation.js';
import { viewModel } from './view-model.js';
import { pointCurves } from './curves.js';
import { HEADER_ROWS } from './layout.js';
import { useSweepState } from './use-sweep-state.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useTicker } from './use-ticker.js';
import { Header } from './Header.js';
import { MainView } from './MainView.js';
import { DetailView } from './DetailView.js';
import { Help } from './Help.js';
import { ImportancePanel } from './ImportancePanel.js';
import { bestSoFar } from './insight.js';
import { workerImportanceFitter, type ImportanceFitter } from './importance-fitter.js';
import { useLiveImportance } from './use-live-importance.js';
import { KeyHints } from './KeyHints.js';

/** Props of {@link SweepApp}. */
export interface SweepAppProps {
  readonly store: SweepStore;
  /** Called once when the user leaves: `detach` (q) or `interrupt` (Ctrl+C). The app exits right after. */
  readonly onExit?: (key: ExitKey) => void;
  /**
   * How often the clock moves on a quiet sweep, in ms.
   * @default 1000
   */
  readonly tickMs?: number;
  /**
   * Fits the importance panel's forest. The app closes it when it unmounts.
   * @default a worker thread of its own (workerImportanceFitter)
   */
  readonly importanceFitter?: ImportanceFitter;
  /**
   * The least time between two importance fits while results arrive, in ms.
   * @default 1000
   */
  readonly refitMs?: number;
}

/** The live sweep monitor: header, then the main view, a point's detail, or the help; then the key hints. */
export function SweepApp({ store, onExit, tickMs = 1000, importanceFitter, refitMs = 1000 }: SweepAppProps) {
  const state = useSweepState(store);
  const { columns, rows } = useTerminalSize();
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const [ui, setUi] = useState(INITIAL_UI);
  useTicker(store, tickMs);
  // Made again when what it lists changes, not when the clock alone moves (each second).
  const vm = useMemo(() => viewModel(state, ui.sort), [state.results, state.results.size, state.running, state.workers, state.record, state.spec, state.sweepId, ui.sort]);
  const pointIds = useMemo(() => vm.rows.map((r) => r.pointId), [vm]);
  const best = useMemo(() => bestSoFar(state), [state.results, state.results.size, state.spec]);
  const scored = best.length;
  const [fitter] = useState(() => importanceFitter ?? workerImportanceFitter());
  useEffect(() => () => fitter.close(), [fitter]);
  // The forest is fit off the render path, only while the panel is open, again when more stage-one points have a score.
  const live = useLiveImportance(state, scored, ui.view === 'insight', fitter, refitMs);
  const detailPoint = ui.view === 'detail' ? ui.point : null;
  const curves = useMemo(
    () => (detailPoint === null ? [] : pointCurves(vm.byId.get(detailPoint)?.results ?? [], vm.trials.filter((t) => t.pointId === detailPoint))),
    [vm, detailPoint],
  );

  // What a key acts on, for the state the key before it left. A key can arrive before the render (and with it this
  // handler) of the view that key opened: Enter then → must move between the folds of the point Enter opened.
  const screenFor = (u: UiState) => {
    const point = u.view === 'detail' ? u.point : null;
    const folds = point === null ? 0
      : point === detailPoint ? curves.length
        : pointCurves(vm.byId.get(point)?.results ?? [], vm.trials.filter((t) => t.pointId === point)).length;
    return { points: pointIds, trials: vm.trials, folds };
  };

  useInput((input, key) => {
    const leave = pressKey(ui, input, key, screenFor(ui));
    if (leave === 'detach' || leave === 'interrupt') {
      onExit?.(leave);
      exit();
      return;
    }
    // Several keys can arrive before the next render: each applies to the state the previous one left.
    setUi((prev) => {
      const next = pressKey(prev, input, key, screenFor(prev));
      return typeof next === 'string' ? prev : next;
    });
  }, { isActive: isRawModeSupported === true });

  const body = rows - 1 - HEADER_ROWS - 1;
  const final = detailPoint === null ? undefined : vm.byId.get(detailPoint)?.results.find((r) => r.stage === 'final' && r.status === 'completed');
  const test = final ? Object.fromEntries(Object.entries(final.metrics).filter(([k]) => k.startsWith('test'))) : null;
  return (
    <Box flexDirection="column" width={columns}>
      <Header state={state} width={columns} best={best} />
      {ui.view === 'help' ? <Help width={columns} />
        : ui.view === 'insight' ? <ImportancePanel importance={live.importance} scored={scored} fittedOn={live.fittedOn} fitting={live.fitting} best={best} metric={vm.metric} width={columns} />
        : detailPoint !== null ? (
          <DetailView pointId={detailPoint} point={vm.byId.get(detailPoint)} curves={curves} selected={Math.min(ui.fold, Math.max(0, curves.length - 1))}
            metric={vm.metric} test={test} width={columns} height={body} />
        ) : <MainView state={state} vm={vm} ui={ui} columns={columns} rows={rows} />}
      <KeyHints view={ui.view} status={state.record?.status ?? null} />
    </Box>
  );
}
