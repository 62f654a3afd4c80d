import { describe, expect, it } from 'vitest';
import { canonicalJson, pointId, trialId } from './ids.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: undefined } })).toBe('{"a":{"d":[1,{"y":null,"z":0}]},"b":1}');
  });
});

describe('pointId', () => {
  it('is p- and 12 hex digits, the same whatever the key order', () => {
    const id = pointId({ learningRate: 0.1, hiddenSize: 8 });
    expect(id).toMatch(/^p-[0-9a-f]{12}$/);
    expect(pointId({ hiddenSize: 8, learningRate: 0.1 })).toBe(id);
  });

  it('is pinned, so it is the same on every machine and in every version', () => {
    expect(pointId({})).toBe('p-44136fa355b3');
  });

  it('tells apart values of different types and different points', () => {
    const ids = new Set([pointId({ a: 1 }), pointId({ a: '1' }), pointId({ a: true }), pointId({ a: null }), pointId({ b: 1 }), pointId({})]);
    expect(ids.size).toBe(6);
  });

});

describe('trialId', () => {
  const key = { sweepId: 'toy-1', stage: 'filter' as const, params: { learningRate: 0.1 }, fold: 0, seed: 42 };
  it('is t- and 16 hex digits, stable for the same key', () => {
    expect(trialId(key)).toMatch(/^t-[0-9a-f]{16}$/);
    expect(trialId({ ...key, params: { learningRate: 0.1 } })).toBe(trialId(key));
  });

  it('changes with every part of the key', () => {
    const ids = new Set([
      trialId(key),
      trialId({ ...key, sweepId: 'toy-2' }),
      trialId({ ...key, stage: 'evaluate' }),
      trialId({ ...key, params: { learningRate: 0.01 } }),
      trialId({ ...key, fold: 1 }),
      trialId({ ...key, seed: 43 }),
    ]);
    expect(ids.size).toBe(6);
  });


  it('keeps the id without halving at rung 0, and gives every later rung its own', () => {
    expect(trialId({ ...key, rung: 0 })).toBe(trialId(key));
    const ids = new Set([0, 1, 2, 3].map((rung) => trialId({ ...key, rung })));
    expect(ids.size).toBe(4);
  });
});
