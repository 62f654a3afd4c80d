/**
 * Fold racing as a stage pruner (`stages.<stage>.race`). Where the coordinator would publish the stage's trials all
 * at once, the race schedules them in rounds of folds (StageRace); in a stage that another schedule publishes (the
 * rungs of halving or median) or whose points are drawn as results arrive, it judges the folds as they come
 * (RaceJudge). Either way a raced-out point stops, and its queued folds are skipped.
 */
import type { RaceConfig } from '@seqsweep/core';
import { RaceJudge } from '../race/race-judge.js';
import { StageRace, type RaceContext } from '../race/stage-race.js';
import type { PrunerContext, PrunerEntry, StagePruner, StageSchedule } from './stage-pruner.js';

function raceContext(ctx: PrunerContext): RaceContext {
  return {
    metric: ctx.spec.objective.metric, mode: ctx.spec.objective.mode,
    result: (id) => ctx.result(id), record: () => ctx.record(), update: (patch) => ctx.update(patch),
    publish: (a) => ctx.publish([a]), publishResult: (r) => ctx.publishResult(r), now: () => ctx.now(),
    onRacedOut: (entry, withdrawn) => ctx.event({ type: 'raced-out', entry, withdrawn }),
    onDecided: (stage, decided, skipped) => ctx.event({ type: 'race-decided', stage, decided, skipped }),
    background: (what, task) => ctx.background(what, task),
  };
}

/** The race in rounds, scheduling the stage's planned trials. */
function scheduledRace(ctx: PrunerContext, config: RaceConfig): StagePruner {
  const race = new StageRace(raceContext(ctx), ctx.stage, ctx.trials, config, ctx.keep());
  const schedule: StageSchedule = {
    trials: () => ctx.trials,
    sent: () => race.sent(),
    add: () => Promise.reject(new Error('a race in rounds plans every point of its stage as it starts')),
    settled: true,
  };
  return {
    name: 'racing', schedule, start: () => race.start(), onResult: (r) => race.onResult(r), poke: () => race.poke(),
  };
}

export const racing: PrunerEntry = {
  name: 'racing',
  create: (ctx) => {
    const config = ctx.spec.stages[ctx.stage].race;
    if (!config) return undefined;
    return ctx.rungs || ctx.drawn ? new RaceJudge(ctx, config) : scheduledRace(ctx, config);
  },
  /** The rounds the record says went out, and the later folds the race recorded itself as raced out or skipped. */
  publishedBefore: (result, { spec, record, stage, rungs, drawn }) => {
    const race = record.race;
    if (!spec.stages[stage].race || !race || rungs || drawn) return true;
    if (result.fold <= (race.rounds[stage] ?? -1)) return true;
    if (result.status === 'raced-out') return race.out.some((o) => o.stage === stage && o.pointId === result.pointId);
    return result.status === 'skipped' && (race.decided[stage]?.live.includes(result.pointId) ?? false);
  },
};
