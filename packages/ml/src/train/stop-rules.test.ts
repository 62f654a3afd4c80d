import { describe, expect, it } from 'vitest';
import { DivergenceGuard, EarlyStopping } from './stop-rules.js';
import { pickBestEpoch } from './train-model.js';

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without a new best validation loss', () => {
    const stop = new EarlyStopping({ patience: 2 });
    expect([1, 0.8, 0.9, 0.7, 0.7, 0.75].map((v) => stop.update(v))).toEqual([false, false, false, false, false, true]);
  });

  it('goes on from its state as if it had never stopped being used', () => {
    const losses = [1, 0.8, 0.9, 0.7, 0.75, 0.72, 0.8];
    const straight = new EarlyStopping({ patience: 3 });
    const all = losses.map((v) => straight.update(v));
    const first = new EarlyStopping({ patience: 3 });
    const head = losses.slice(0, 4).map((v) => first.update(v));
    const state = JSON.parse(JSON.stringify(first.state())) as ReturnType<EarlyStopping['state']>;
    expect(state).toEqual({ best: 0.7, since: 0, stopped: false });
    const resumed = new EarlyStopping({ patience: 3 }, state);
    expect([...head, ...losses.slice(4).map((v) => resumed.update(v))]).toEqual(all);
    expect(resumed.state()).toEqual({ best: 0.7, since: 3, stopped: true });
    expect(resumed.stopped).toBe(true);
    expect(new EarlyStopping({ patience: 3 }).state()).toEqual({ best: null, since: 0, stopped: false });
  });

  it('never stops without patience or without validation', () => {
    const never = new EarlyStopping({ patience: null });
    expect([1, 2, 3, 4].some((v) => never.update(v))).toBe(false);
    const blind = new EarlyStopping({ patience: 1 });
    expect([null, null, null].some((v) => blind.update(v))).toBe(false);
  });
});

describe('DivergenceGuard', () => {
  it('keeps its reference loss through its state', () => {
    const guard = new DivergenceGuard({ divergenceFactor: 2 });
    expect(guard.state()).toEqual({ reference: null });
    guard.checkBatch(3, 3);
    guard.endEpoch(0, 1.5);
    const resumed = new DivergenceGuard({ divergenceFactor: 2 }, guard.state());
    expect(resumed.state()).toEqual({ reference: 1.5 });
    expect(resumed.checkBatch(3.1, 3.1)).toMatch(/exceeded 2 x the first loss 1.500/);
  });

  it('flags a non-finite loss, and a running loss above the factor times the reference', () => {
    const guard = new DivergenceGuard({ divergenceFactor: 10 });
    expect(guard.checkBatch(2, 2)).toBeUndefined();
    expect(guard.checkBatch(30, 16)).toBeUndefined();
    expect(guard.checkBatch(50, 20.5)).toMatch(/20.50 exceeded 10 x the first loss 2.000/);
    expect(guard.checkBatch(NaN, NaN)).toBe('the training loss became NaN');
    expect(guard.checkBatch(Infinity, 3)).toBe('the training loss became Infinity');
  });

  it('takes the first epoch mean as the reference once it is known', () => {
    const guard = new DivergenceGuard({ divergenceFactor: 10 });
    guard.checkBatch(0.1, 0.1);
    guard.endEpoch(0, 5);
    expect(guard.checkBatch(40, 40)).toBeUndefined();
    guard.endEpoch(1, 0.01);
    expect(guard.checkBatch(51, 51)).toMatch(/first loss 5.000/);
  });
});

describe('pickBestEpoch', () => {
  const history = [{ valLoss: 0.5 }, { valLoss: 0.3 }, { valLoss: null }, { valLoss: 0.4 }];
  it('picks the lowest finite validation loss', () => {
    expect(pickBestEpoch(history, true, 'completed')).toBe(1);
    expect(pickBestEpoch([{ valLoss: null }], true, 'diverged')).toBe(-1);
  });
  it('picks the last finished epoch without validation', () => {
    expect(pickBestEpoch(history, false, 'completed')).toBe(3);
    expect(pickBestEpoch(history, false, 'diverged')).toBe(2);
    expect(pickBestEpoch([], false, 'completed')).toBe(-1);
  });
});
