import { resolve } from 'node:path';
import { Coordinator, type SweepEvent, type SweepOutcome } from '@seqsweep/coordinator';
import type { SweepAppHandle } from '@seqsweep/tui';
import { importanceLine, PlainReporter } from '@seqsweep/tui/plain';
import { safeText, type Transport } from '@seqsweep/core';
import { optionalInt, type ParsedArgs } from '../args.js';
import type { LocalWorkers } from '../local-workers.js';
import type { CommandIo } from '../io.js';
import { ExitCode } from '../usage-error.js';
import type { PoolFailure } from '../local-workers.js';
import { workersGone } from './workers-gone.js';
import { invalidLog } from '../invalid-log.js';
import { preloadReport, writeRunReport } from '../run-report.js';

/**
 * Runs a coordinator to the end. On a terminal (unless --no-tui) the TUI shows the sweep; `q` leaves it and plain
 * progress lines follow, since this process is the coordinator and the sweep goes on. The plain lines are the TUI
 * package's `PlainReporter`, the same as `seqsweep watch` prints, fed from the coordinator's own events (its
 * record and every result it accepts), so nothing subscribes twice. Local workers and the transport are stopped
 * afterwards. When the local workers are all gone and `embedded` (no other worker can come), the sweep stops at
 * once with one sentence naming the last worker error; with NATS it waits for others. Rejected messages are logged
 * through a per-subject rate limit.
 */
export async function driveSweep(
  args: ParsedArgs, io: CommandIo, transport: Transport, pool: LocalWorkers | undefined,
  go: (c: Coordinator) => Promise<SweepOutcome>, embedded = false,
): Promise<number> {
  const rejected = invalidLog(io.err);
  const abort = new AbortController();
  let failure: PoolFailure | undefined;
  let sweepId: string | undefined;
  void pool?.exhausted.then((f) => {
    if (embedded) {
      failure = f;
      abort.abort(new Error('no local worker is left'));
    } else {
      io.err(`every local worker is gone (${f.lastError}); the sweep waits for workers started with \`seqsweep worker\` on this server`);
    }
  });
  let ui: SweepAppHandle | undefined;
  let reporter: PlainReporter | undefined;
  let stopping = false;
  const wantTui = io.isTTY && io.terminal !== undefined && args.flags['no-tui'] !== true;
  // The TUI's packages (Ink, React) load here, after the local workers were forked (they load tfjs meanwhile), and
  // before the sweep starts, so that it is shown from its first event.
  const tui = wantTui ? await import('@seqsweep/tui') : undefined;
  // While the TUI holds the terminal the reporter keeps folding, silently, so lines pick up where it left off.
  const write = (line: string): void => {
    if (!ui) io.out(line);
  };
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    io.err(`${reason}: stopping; the sweep stays recorded (with --nats, \`seqsweep resume\` continues it)`);
    void Promise.resolve(ui?.close()).then(() => shutdown(pool, transport)).finally(() => {
      rejected.close();
      process.exit(ExitCode.Failure);
    });
  };
  const onEvent = (e: SweepEvent): void => {
    switch (e.type) {
      case 'sweep':
        sweepId = e.sweepId;
        io.out(`sweep ${e.sweepId}`);
        if (e.resumed) io.out(`resuming ${e.name}`);
        reporter = new PlainReporter(e.sweepId, write);
        if (tui && io.terminal) startTui(tui.renderSweepApp, e.sweepId, io.terminal);
        // Drawn only at the end; loaded now, beside the training.
        void preloadReport();
        break;
      case 'record': reporter?.push({ kind: 'record', record: e.record }); break;
      case 'result': reporter?.push({ kind: 'result', result: e.result }); break;
      case 'invalid':
        if (rejected.allow(e.subject)) reporter?.note(safeText(`rejected a message on ${e.subject}: ${e.message}`, 1000));
        break;
      // Stages, survivors and pruned points reach the reporter through the record.
      default: break;
    }
  };
  const startTui = (renderSweepApp: typeof import('@seqsweep/tui').renderSweepApp, sweepId: string, terminal: NonNullable<CommandIo['terminal']>): void => {
    ui = renderSweepApp({
      transport, stdout: terminal.stdout, stdin: terminal.stdin,
      onExit: (why) => {
        ui = undefined;
        if (why === 'interrupted') stop('Ctrl+C');
        else if (why === 'detached') io.out('left the TUI; the sweep goes on here (progress lines follow)');
      },
    });
    ui.follow(sweepId).catch((err: unknown) => io.err(`the TUI could not follow the sweep: ${String(err)}`));
  };
  const outDir = resolve(io.cwd, args.values.out ?? 'runs');
  const coordinator = new Coordinator({
    transport,
    outDir,
    signal: abort.signal,
    // Absent flags leave the coordinator's own defaults (the table's help states the same figures).
    ackWaitMs: optionalInt(args, 'ack-wait'),
    maxDeliver: optionalInt(args, 'max-deliver'),
    maxTrials: optionalInt(args, 'max-trials'),
    // A strategy that draws as results arrive keeps every worker busy that it knows of; resume reads it from the record.
    parallel: optionalInt(args, 'parallel') ?? Math.max(1, pool?.size ?? 1),
    onEvent,
  });
  transport.onInvalid((subject, e) => {
    if (!ui) rejected.log(subject, `rejected a message on ${subject}: ${e.message}`);
  });
  // Bounded: whatever the sweep is doing, the process is gone within STOP_DEADLINE_MS of the signal.
  io.onStop((signal) => stop(signal), { bounded: true });
  try {
    const outcome = await go(coordinator);
    const { report, warnings } = await writeRunReport(outcome);
    await ui?.close();
    ui = undefined;
    reporter?.finish();
    const importance = importanceLine(outcome.results.importance);
    if (importance) io.out(importance);
    io.out(`results: ${resolve(outcome.dir, 'results.json')}`);
    if (report) io.out(`report: ${report}`);
    const refused = outcome.results.refusedResults ?? 0;
    // The count the invariant promises (docs/security.md, "Round two: the wire"), also in results.json.
    if (refused > 0) io.err(`refused ${refused} result${refused === 1 ? '' : 's'} that no published trial of the plan could have: none of them counts`);
    for (const warning of warnings) io.err(`warning: ${warning}`);
    return ExitCode.Done;
  } catch (e) {
    if (!(failure && abort.signal.aborted)) throw e;
    const gone = await workersGone(failure, transport, sweepId, outDir, args.values.out, io.cwd);
    if (ui) {
      // The sentence comes after the TUI's last frame, on a line of its own.
      await ui.close();
      ui = undefined;
      io.err('');
    }
    throw gone;
  } finally {
    await ui?.close();
    if (!stopping) await shutdown(pool, transport);
    rejected.close();
  }
}

/** Local workers first (their last heartbeats and hand-backs go through the transport), then the transport. */
async function shutdown(pool: LocalWorkers | undefined, transport: Transport): Promise<void> {
  await pool?.stop();
  await transport.close();
}
