import { afterEach, describe, expect, it } from 'vitest';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { importanceInput, liveImportance } from './insight.js';
import { inlineImportanceFitter, workerImportanceFitter, type ImportanceFitter } from './importance-fitter.js';
import { midSweep } from '../test-support/scenario.js';
import { CREATED, SWEEP, timed } from '../test-support/fixtures.js';

let fitter: ImportanceFitter | undefined;
afterEach(() => fitter?.close());

describe('the importance fitters', () => {
  const state = foldEvents(initialState(SWEEP), timed(midSweep(), CREATED + 45_000));

  it.each([['a worker thread', workerImportanceFitter], ['the caller\'s thread, a turn later', inlineImportanceFitter]])('fit in %s the figures of a fit on the render path', async (_, make) => {
    fitter = make();
    const expected = liveImportance(state);
    expect(expected).not.toBeNull();
    // Two fits at once: each answer goes to its own call.
    const [a, b] = await Promise.all([fitter.fit(importanceInput(state)), fitter.fit(importanceInput(state))]);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
  });
});
