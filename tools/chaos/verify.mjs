// The invariants of a chaos run, checked against results.json, the server's own state, and a fault-free run of the
// same spec: every planned trial once, none lost, none twice, none failed, none left in the queue, and the same
// leaderboard.
import { firstDraws, planFinal, planStage, pointId } from '@seqsweep/core';

/**
 * Every trial id the sweep had to run. Stage one is what the fault-free run drew (for a strategy that draws up
 * front, what it draws before any result); stage two and the final trial follow from the fault-free run's survivors
 * and best point, so the plan does not lean on the run being checked.
 * @param {import('@seqsweep/core').SweepSpec} spec
 * @param {string} sweepId
 * @param {import('@seqsweep/core').ResultsFile} reference
 */
export function plannedTrialIds(spec, sweepId, reference) {
  const drawn = reference.search?.drawn ?? firstDraws(spec).points;
  const byPoint = new Map(drawn.map((p) => [pointId(p), p]));
  const survivors = reference.survivors.map((id) => byPoint.get(id));
  if (survivors.some((p) => p === undefined)) throw new Error('the reference run kept a survivor that is not a point stage one drew');
  const trials = [
    ...planStage({ spec, sweepId, stage: 'filter', points: drawn }),
    ...planStage({ spec, sweepId, stage: 'evaluate', points: survivors }),
  ];
  if (spec.final.retrain && reference.best) trials.push(planFinal({ spec, sweepId, params: reference.best.params }));
  return trials.map((t) => t.trialId);
}

/** What a leaderboard row must agree on between two runs. */
const rowKey = (/** @type {import('@seqsweep/core').LeaderboardEntry} */ e) =>
  JSON.stringify([e.rank, e.pointId, e.stage, e.mean, e.std, e.folds, e.status, e.survivor]);

/**
 * The figures and the invariants of one chaos run.
 * @param {{
 *   planned: string[]; results: import('@seqsweep/core').ResultsFile; reference: import('@seqsweep/core').ResultsFile;
 *   server: { stored: string[]; queued: number; status: string | undefined };
 * }} input
 */
export function checkRun({ planned, results, reference, server }) {
  const seen = new Map();
  for (const t of results.trials) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
  const plannedSet = new Set(planned);
  const lost = planned.filter((id) => !seen.has(id));
  const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
  const unplanned = [...seen.keys()].filter((id) => !plannedSet.has(id));
  const failed = results.trials.filter((t) => t.status !== 'completed').map((t) => `${t.id} ${t.status}${t.error ? `: ${t.error}` : ''}`);
  const storedSet = new Set(server.stored);
  // A planned trial with no result stored on the server is stuck: the sweep would wait for it for ever.
  const missingOnServer = planned.filter((id) => !storedSet.has(id));
  const leaderboardDiff = diffLeaderboards(results.leaderboard, reference.leaderboard);
  const bestEqual = results.best?.pointId === reference.best?.pointId
    && JSON.stringify(results.best?.test ?? null) === JSON.stringify(reference.best?.test ?? null);
  return {
    planned: planned.length,
    inResults: results.trials.length,
    lost: lost.length,
    duplicates,
    unplanned: unplanned.length,
    failed: failed.length,
    stuck: missingOnServer.length,
    leftInQueue: server.queued,
    storedResults: server.stored.length,
    storedDuplicates: server.stored.length - storedSet.size,
    sweepStatus: results.status === 'completed' && server.status === 'completed' ? 'completed' : `${results.status}/${server.status}`,
    redelivered: results.trials.filter((t) => t.attempts > 1).length,
    leaderboardEqual: leaderboardDiff.length === 0 && bestEqual,
    details: { lost, unplanned, failed, missingOnServer, leaderboardDiff, bestEqual },
  };
}

/**
 * The rows where two leaderboards differ, as text.
 * @param {readonly import('@seqsweep/core').LeaderboardEntry[]} a
 * @param {readonly import('@seqsweep/core').LeaderboardEntry[]} b
 */
export function diffLeaderboards(a, b) {
  const diff = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] && rowKey(a[i]), b[i] && rowKey(b[i])];
    if (x !== y) diff.push(`row ${i + 1}: ${x ?? '(none)'} vs fault-free ${y ?? '(none)'}`);
  }
  return diff;
}
