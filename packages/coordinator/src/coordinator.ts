import {
  checkTrialLimit, notRunResult, safeText, planStage, planFinal, pointId, racedStages, stageRungs, survivorCount, parseSpec, strategyOf,
  type ObjectRef, type SweepSpec, type SweepRecord, type TrialAssignment, type TrialResult, type Params, type Stage, type Subscription, type SearchStrategy,
} from '@seqsweep/core';
import { resolveOptions, type CoordinatorOptions, type ResolvedCoordinatorOptions, type StartSweep } from './options.js';
import { ResultBook } from './result-book.js';
import { SweepNotFoundError } from './errors.js';
import { newSweepId } from './sweep-id.js';
import { shareCode } from './code-files.js';
import { shareDataFiles } from './data-files.js';
import { resultMismatch, resultRefusal, type PlanFacts, type StageFacts } from './result-check.js';
import { RefusedResults } from './refused-results.js';
import { writeOutputs, type SweepOutcome } from './outputs.js';
import { stagePruners } from './pruners/registry.js';
import type { PrunerContext } from './pruners/stage-pruner.js';
import { evaluateComplete, publishedBefore } from './resume-facts.js';
import { drawnStage, exhaustedFlag } from './search/drawn-stage.js';
import type { StageOneDraws } from './search/stage-one-draws.js';
import { stageRanking, stageSurvivors } from './stage-ranking.js';
import { StageRun } from './stage-run.js';
import { inWindows, PUBLISH_WINDOW } from './publish-window.js';

/**
 * Drives one sweep through its stages: filter (k1 folds per grid point), evaluate (k2 folds per survivor) and
 * final (the best point retrained on the whole training split and tested once). All of its state lives in the
 * transport (the sweep record and the results stream), so a coordinator that dies can be replaced by `resume`.
 */
export class Coordinator {
  readonly #o: ResolvedCoordinatorOptions;
  readonly #book = new ResultBook();
  #record!: SweepRecord;
  #spec!: SweepSpec;
  #points = new Map<string, Params>();
  #subs: Subscription[] = [];
  #stageTotals = new Map<Stage, number>();
  /** Trials whose second result was reported already: one line per trial, however many more come. */
  readonly #duplicates = new Set<string>();
  /** The stage being waited for: its pruners (pruners/registry.ts), its trials, and stage one's draws under tpe. */
  #run: StageRun | undefined;
  /** Whether stage one's strategy draws as results arrive. */
  #adaptive = false;
  /** What this coordinator published in the running stage: the only trials whose results it takes (result-check.ts). */
  #published = new Set<string>();
  /** The point the final stage retrains, once chosen. */
  #finalPoint: string | undefined;
  /** The stage a resume took the sweep on in: a previous coordinator published some of its trials. */
  #resumedStage: Stage | undefined;
  readonly #refused = new RefusedResults();

  constructor(options: CoordinatorOptions) {
    this.#o = resolveOptions(options);
  }

  /**
   * Refuses a spec whose stage one plans more than `maxTrials` trials, stating its size. `start` checks it too;
   * a caller can check first, before it connects to anything.
   * @throws {TooManyTrialsError} (core's)
   */
  static checkTrialLimit(spec: SweepSpec, maxTrials: number): void {
    checkTrialLimit(spec, maxTrials);
  }

  /** Starts a new sweep and runs it to the end. */
  async start(request: StartSweep): Promise<SweepOutcome> {
    const spec = request.spec;
    Coordinator.checkTrialLimit(spec, this.#o.maxTrials);
    const sweepId = request.sweepId ?? newSweepId(spec.name, this.#o.now());
    const now = new Date(this.#o.now()).toISOString();
    const queue = { ackWaitMs: this.#o.ackWaitMs, maxDeliver: this.#o.maxDeliver };
    await this.#o.transport.ensureSweep(sweepId, queue);
    const dataRefs = request.shareData ? await shareDataFiles(this.#o.transport, spec) : undefined;
    // Code always travels by digest, even to the embedded default's local workers: they import what was checked.
    const codeRefs = await shareCode(this.#o.transport, spec);
    const record: SweepRecord = {
      sweepId, name: spec.name, spec, stage: 'filter', status: 'running',
      createdAt: now, updatedAt: now, queue, pruned: [], ...(dataRefs ? { dataRefs } : {}), ...(codeRefs ? { codeRefs } : {}),
      // Its presence tells workers to read the record afresh before each trial, so no withdrawn fold is trained.
      ...(racedStages(spec).length > 0 ? { race: { rounds: {}, out: [], decided: {} } } : {}),
      search: { strategy: spec.search.strategy, drawn: [], parallel: this.#o.parallel },
    };
    await this.#o.transport.putSweep(record);
    this.#o.onEvent({ type: 'sweep', sweepId, name: spec.name, resumed: false });
    return this.#drive(record, spec);
  }

  /** Continues a sweep from its record and stored results; finished trials are not run again. */
  async resume(sweepId: string): Promise<SweepOutcome> {
    const record = await this.#o.transport.getSweep(sweepId);
    if (!record) throw new SweepNotFoundError(sweepId, this.#o.transport.description);
    await this.#o.transport.ensureSweep(sweepId, record.queue);
    // The stored spec enters this process here, and is parsed (defaults filled, checked) once.
    const spec = parseSpec(record.spec, `sweep ${record.sweepId}`);
    this.#o.onEvent({ type: 'sweep', sweepId, name: record.name, resumed: true });
    this.#resumedStage = record.stage;
    return this.#drive(record, spec);
  }

  async #drive(record: SweepRecord, spec: SweepSpec): Promise<SweepOutcome> {
    this.#record = record;
    this.#o.onEvent({ type: 'record', record });
    this.#spec = spec;
    // The points drawn so far: results of any other point are refused. Draws that do not depend on results are
    // made now, so the results stored before a start or a resume are checked against every point; they are stored
    // in the record when stage one starts.
    const made = strategyOf(spec, this.#o.strategies);
    this.#adaptive = made.entry.adaptive;
    const recorded = record.search?.drawn ?? [];
    const drawn = recorded.length > 0 || made.entry.adaptive ? recorded : made.strategy.ask([], made.size);
    for (const params of drawn) this.#points.set(pointId(params), params);
    const t = this.#o.transport;
    this.#subs.push(await t.subscribeResults(record.sweepId, (r) => this.#onResult(r)));
    this.#subs.push(t.onDeliveryExhausted(record.sweepId, (e) => this.#inBackground(`record trial ${e.trialId} as failed`, this.#recordExhausted(e.trialId, e.deliveries))));
    try {
      if (this.#record.status === 'running') {
        if (this.#record.stage === 'filter') await this.#filterStage();
        if (this.#record.stage === 'evaluate') await this.#evaluateStage();
        if (this.#record.stage === 'final') await this.#finalStage();
        await this.#update({ status: 'completed' });
      }
      if (this.#record.status === 'completed') await this.#clearQueue();
      const outcome = await writeOutputs({
        outDir: this.#o.outDir, record: this.#record, spec: this.#spec, results: this.#book.all(), transport: t,
        refusedResults: this.#refused.count,
        onWarning: (message) => this.#o.onEvent({ type: 'invalid', subject: `the outputs of ${record.sweepId}`, message }),
      });
      this.#o.onEvent({ type: 'done', sweepId: record.sweepId, outDir: outcome.dir });
      return outcome;
    } finally {
      for (const s of this.#subs) s.unsubscribe();
      this.#subs = [];
    }
  }

  async #filterStage(): Promise<void> {
    const { entry, strategy, size } = strategyOf(this.#spec, this.#o.strategies);
    if (entry.adaptive) await this.#runStage('filter', [], { strategy, size });
    else {
      // Draws that do not depend on results are all made, and stored, before any trial is published.
      if (!this.#record.search?.drawn.length) {
        const points = [...this.#points.values()];
        await this.#update({ search: { strategy: strategy.name, drawn: points, parallel: this.#o.parallel, ...exhaustedFlag(this.#spec, points.length) } });
      }
      const trials = planStage({ spec: this.#spec, sweepId: this.#record.sweepId, stage: 'filter', points: [...this.#points.values()] });
      await this.#runStage('filter', trials);
    }
    const survivors = stageSurvivors(this.#spec, this.#record, this.#book.ofStage('filter'));
    this.#o.onEvent({ type: 'survivors', pointIds: survivors });
    await this.#update({ stage: 'evaluate', survivors });
  }

  async #evaluateStage(): Promise<void> {
    const points = (this.#record.survivors ?? []).map((id) => this.#pointParams(id));
    const trials = planStage({ spec: this.#spec, sweepId: this.#record.sweepId, stage: 'evaluate', points });
    await this.#runStage('evaluate', trials);
    await this.#update({ stage: 'final' });
  }

  async #finalStage(): Promise<void> {
    if (!this.#spec.final.retrain) return;
    const best = stageRanking(this.#spec, this.#record, this.#book.ofStage('evaluate'), 'evaluate')[0];
    if (!best) return;
    this.#finalPoint = best.pointId;
    const trial = planFinal({ spec: this.#spec, sweepId: this.#record.sweepId, params: best.params });
    await this.#runStage('final', [trial]);
  }

  /** Runs a stage to its end (stage-run.ts). `drawn`: stage one's points are drawn as results arrive. */
  async #runStage(stage: Stage, planned: readonly TrialAssignment[], drawn?: { strategy: SearchStrategy; size: number }): Promise<void> {
    // The worst case: a stage in rungs can train every point's folds at every rung.
    const rungs = stageRungs(this.#spec, stage)?.epochs.length ?? 1;
    const total = (drawn ? drawn.size * this.#spec.stages.filter.folds : planned.length) * rungs;
    this.#stageTotals.set(stage, total);
    this.#o.onEvent({ type: 'stage', stage, trials: total, done: this.#book.countOf(stage) });
    const run = new StageRun({
      book: this.#book, signal: this.#o.signal, ackWaitMs: this.#record.queue.ackWaitMs, publish: (trials) => this.#publishTrials(trials),
      recoverLost: (trials) => this.#recoverLost(trials), background: (what, task) => this.#inBackground(what, task),
    }, planned);
    this.#run = run;
    try {
      const draws = drawn ? this.#drawsOf(drawn.strategy, drawn.size, (trials) => run.add(trials)) : undefined;
      run.attach(stage === 'final' ? [] : stagePruners(this.#prunerContext(stage, planned, drawn?.size)), draws);
      await run.run(stage);
    } finally {
      this.#run = undefined;
    }
  }

  /** Stage one's draws, storing each point in the record before `publish` sends its trials. */
  #drawsOf(strategy: SearchStrategy, size: number, publish: (trials: readonly TrialAssignment[]) => Promise<void>): StageOneDraws {
    const search = this.#record.search ?? { strategy: strategy.name, drawn: [], parallel: this.#o.parallel };
    return drawnStage({
      spec: this.#spec, sweepId: this.#record.sweepId, strategy, size, search,
      store: (next) => this.#update({ search: next }),
      publish: async (trials) => {
        for (const a of trials) this.#points.set(a.pointId, a.params);
        await publish(trials);
      },
    });
  }

  /** Publishes the trials that have no result yet, a window of them at a time; a pruned point's are recorded pruned. */
  #publishTrials(trials: readonly TrialAssignment[]): Promise<void> {
    const open = trials.filter((a) => !this.#book.has(a.trialId));
    // A race publishes one trial at a time, in order: no window, whose extra turns would let results overtake it.
    if (open.length === 1) return this.#publishTrial(open[0]!);
    // Publishes are acknowledged round trips: keeping a window of them in flight is what makes big sweeps cheap.
    return inWindows(open, PUBLISH_WINDOW, (a) => this.#publishTrial(a));
  }

  async #publishTrial(a: TrialAssignment): Promise<void> {
    // Awaited only when there is something to clear: an extra turn here would reorder a race's publishes.
    const clearing = this.#markPublished(a.trialId);
    if (clearing) await clearing;
    if (this.#record.pruned.includes(a.pointId)) {
      await this.#publishSynthetic(a, 'pruned', 'pruned: another fold of this point diverged', 0);
      return;
    }
    const refs = this.#record.dataRefs;
    const code = this.#record.codeRefs;
    await this.#o.transport.publishTrial({ ...a, ...(refs ? { dataRefs: refs } : {}), ...(code ? { codeRefs: code } : {}) });
  }

  /** What the stage's pruners are given. `size`: the points stage one draws, when drawn as results arrive. */
  #prunerContext(stage: 'filter' | 'evaluate', planned: readonly TrialAssignment[], size: number | undefined): PrunerContext {
    return {
      spec: this.#spec, sweepId: this.#record.sweepId, stage, rungs: stageRungs(this.#spec, stage), trials: planned, drawn: size !== undefined,
      keep: () => (stage === 'filter' ? survivorCount(size ?? this.#points.size, this.#spec.stages.filter) : 1),
      pointsComplete: () => this.#run?.draws?.finished ?? true,
      stageTrials: () => (this.#run?.trials() ?? []),
      result: (id) => this.#book.get(id),
      arrival: (id) => this.#book.position(id),
      record: () => this.#record,
      update: (patch) => this.#update(patch),
      publish: (trials) => this.#publishTrials(trials),
      publishResult: async (r) => {
        const clearing = this.#markPublished(r.trialId);
        if (clearing) await clearing;
        await this.#o.transport.publishResult(r);
      },
      deleteCheckpoint: (ref) => this.#deleteCheckpoint(ref),
      now: this.#o.now,
      event: (e) => this.#o.onEvent(e),
      background: (what, task) => this.#inBackground(what, task),
    };
  }

  /** A checkpoint nothing continues from; a failure to delete it loses nothing and is reported. */
  async #deleteCheckpoint(ref: ObjectRef): Promise<void> {
    try {
      await this.#o.transport.deleteObject(ref.name, { store: 'models' });
    } catch (e) {
      this.#o.onEvent({ type: 'invalid', subject: `the coordinator of ${this.#record.sweepId}`, message: `could not delete checkpoint ${safeText(ref.name)}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /**
   * Records as failed every trial of `trials` that has no result while the queue holds nothing more to deliver.
   * Workers publish a result before they ack, so with the queue empty every result there will be is stored. A
   * trial whose result subject is held by a message that is no valid result of the plan (forged or garbled, stored
   * first, so every real result was refused) has that message cleared before it is recorded.
   */
  async #recoverLost(trials: readonly TrialAssignment[]): Promise<void> {
    const t = this.#o.transport;
    const sweepId = this.#record.sweepId;
    if (trials.every((a) => this.#book.has(a.trialId)) || (await t.queuedTrials(sweepId)) > 0) return;
    const valid = (await t.readResults(sweepId)).filter((r) => !resultMismatch(r, this.#planFacts()) && !this.#refused.holds(r.trialId));
    const stored = new Set(valid.map((r) => r.trialId));
    for (const a of trials) {
      if (this.#book.has(a.trialId) || stored.has(a.trialId)) continue;
      const lost = 'lost: its deliveries ran out while no coordinator was listening';
      if (!(await this.#publishSynthetic(a, 'failed', lost, this.#record.queue.maxDeliver)).duplicate) continue;
      // The subject is held: by a message that is no valid result, or by a real one stored since the read above
      // (a worker whose lease had run out can still finish). Only the first is cleared; the second is recorded
      // as it arrives. While an invalid message holds the subject nothing else can be stored there, so this
      // second read leaves no window for a real result to be cleared.
      const holder = (await t.readResults(sweepId)).find((r) => r.trialId === a.trialId);
      if (holder && !resultMismatch(holder, this.#planFacts()) && !this.#refused.holds(holder.trialId)) continue;
      await t.clearResult(sweepId, a.trialId);
      this.#refused.release(a.trialId);
      this.#o.onEvent({ type: 'invalid', subject: `the results of ${sweepId}`, message: `cleared the result subject of trial "${a.trialId}": it held a message that is no valid result of the plan, which kept the real result out` });
      const why = 'its result subject held a message that is no valid result of the plan (forged or garbled), which kept its real result out; the message was removed';
      const failed = this.#syntheticResult(a, 'failed', why, this.#record.queue.maxDeliver);
      // A client re-sending as fast as it can may take the cleared subject again first: the coordinator's own
      // verdict is then recorded here, so no rate of re-sending keeps the sweep from ending.
      if ((await t.publishResult(failed)).duplicate && !this.#book.has(a.trialId)) this.#onResult(failed);
    }
  }

  #planFacts(): PlanFacts {
    return { sweepId: this.#record.sweepId, spec: this.#spec, points: this.#points, survivors: this.#record.survivors, finalPoint: this.#finalPoint };
  }

  /** The running stage and what is published in it, by this coordinator or by the one it resumed from. */
  #stageFacts(result: TrialResult): StageFacts {
    const stage = this.#record.stage;
    const inherited = this.#resumedStage === stage && result.stage === stage && this.#publishedBefore(result);
    return { stage, published: inherited ? new Set([result.trialId]) : this.#published };
  }

  /**
   * Whether the coordinator this one resumed from can have published `result`'s trial (resume-facts.ts); the final
   * trial of the point the stored evaluate results choose, once they are all in.
   */
  #publishedBefore(result: TrialResult): boolean {
    if (result.stage !== 'final') return publishedBefore({ ...result, stage: result.stage }, this.#spec, this.#record, this.#adaptive);
    if (evaluateComplete(this.#spec, this.#record, this.#book.countOf('evaluate'))) {
      this.#finalPoint ??= stageRanking(this.#spec, this.#record, this.#book.ofStage('evaluate'), 'evaluate')[0]?.pointId;
    }
    return true;
  }

  /**
   * Notes a trial as published in the running stage. A refused result that was sent for it before (stored first, so
   * it holds the trial's subject) is cleared now, so that the real result can be stored.
   */
  #markPublished(trialId: string): Promise<void> | undefined {
    this.#published.add(trialId);
    if (!this.#refused.release(trialId) || this.#book.has(trialId)) return undefined;
    return this.#o.transport.clearResult(this.#record.sweepId, trialId);
  }

  #onResult(result: TrialResult): void {
    // Stage facts first: on a resume they may choose the final point that the plan facts name.
    const now = this.#stageFacts(result);
    const refusal = resultRefusal(result, this.#planFacts(), now);
    if (refusal) {
      if (this.#refused.add(result.trialId)) {
        this.#o.onEvent({ type: 'invalid', subject: `the results of ${this.#record.sweepId}`, message: `dropped a result for trial "${result.trialId}": ${refusal}` });
      }
      return;
    }
    if (!this.#book.add(result)) {
      this.#onDuplicate(result);
      return;
    }
    const total = this.#stageTotals.get(result.stage) ?? 0;
    const done = this.#book.countOf(result.stage);
    this.#o.onEvent({ type: 'result', result, stage: result.stage, done, total });
    this.#run?.onResult(result);
  }

  /**
   * A second result for a recorded trial (a late one from a worker whose lease ran out, where the transport did not
   * refuse it) is dropped: the first stays, so the statistics see each trial once. Reported once per trial.
   */
  #onDuplicate(result: TrialResult): void {
    if (this.#duplicates.has(result.trialId)) return;
    this.#duplicates.add(result.trialId);
    const kept = this.#book.get(result.trialId);
    this.#o.onEvent({
      type: 'invalid', subject: `the results of ${this.#record.sweepId}`,
      message: `dropped a duplicate result for trial "${result.trialId}" from ${safeText(result.worker)} (attempt ${result.attempts}): the one from ${safeText(kept?.worker ?? 'unknown')} (attempt ${kept?.attempts ?? '?'}) is kept`,
    });
  }

  async #recordExhausted(trialId: string, deliveries: number): Promise<void> {
    const a = (this.#run?.trials() ?? []).find((t) => t.trialId === trialId);
    if (!a || this.#book.has(trialId)) return;
    await this.#publishSynthetic(a, 'failed', `gave up after ${deliveries} deliveries (the worker died or timed out each time)`, deliveries);
  }

  /** Records a result for a trial that no worker will finish. A worker's own late result is then a duplicate. */
  async #publishSynthetic(a: TrialAssignment, status: 'pruned' | 'failed', error: string, attempts: number): Promise<{ duplicate: boolean }> {
    if (a.stage === this.#record.stage) this.#published.add(a.trialId);
    return this.#o.transport.publishResult(this.#syntheticResult(a, status, error, attempts));
  }

  #syntheticResult(a: TrialAssignment, status: 'pruned' | 'failed', error: string, attempts: number): TrialResult {
    return notRunResult(a, status, error, 'coordinator', attempts, new Date(this.#o.now()).toISOString());
  }

  /**
   * A finished sweep's queue can still hold trials that have a result: a worker that died between publishing its
   * result and acking leaves its trial there, and no worker pulls from a finished sweep. They are removed; a failure
   * to do so loses nothing and is reported.
   */
  async #clearQueue(): Promise<void> {
    try {
      await this.#o.transport.clearTrials(this.#record.sweepId);
    } catch (e) {
      this.#o.onEvent({ type: 'invalid', subject: `the coordinator of ${this.#record.sweepId}`, message: `could not clear the finished sweep's queue: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /**
   * Work started from a transport callback, which nobody awaits. A failure (the server away for longer than the
   * transport retries) is reported, never left to crash the process as an unhandled rejection; what it would have
   * recorded is not lost: the watchdog records a trial with no result once the queue holds nothing more for it.
   */
  #inBackground(what: string, task: Promise<void>): void {
    task.catch((e: unknown) => this.#o.onEvent({
      type: 'invalid', subject: `the coordinator of ${this.#record.sweepId}`, message: `could not ${what}: ${e instanceof Error ? e.message : String(e)}`,
    }));
  }

  #pointParams(id: string): Params {
    const params = this.#points.get(id);
    if (!params) throw new Error(`survivor ${id} is not a point stage one drew`);
    return params;
  }

  async #update(patch: Partial<SweepRecord>): Promise<void> {
    if (patch.stage && patch.stage !== this.#record.stage) this.#published = new Set();
    this.#record = { ...this.#record, ...patch, updatedAt: new Date(this.#o.now()).toISOString() };
    await this.#o.transport.putSweep(this.#record);
    this.#o.onEvent({ type: 'record', record: this.#record });
  }
}
