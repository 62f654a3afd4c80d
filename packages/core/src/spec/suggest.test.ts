import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('learningRate', 'learningRate')).toBe(0);
    expect(editDistance('lerningRate', 'learningRate')).toBe(1);
    expect(editDistance('mnsit', 'mnist')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('nearest', () => {
  const keys = ['epochs', 'batchSize', 'learningRate', 'gradientClip'];
  it('finds close keys, ignoring case and separators', () => {
    expect(nearest('lerningRate', keys)).toBe('learningRate');
    expect(nearest('learning_rate', keys)).toBe('learningRate');
    expect(nearest('BATCHSIZE', keys)).toBe('batchSize');
    expect(nearest('epoch', keys)).toBe('epochs');
  });
  it('suggests nothing when no key is reasonably close', () => {
    expect(nearest('colour', keys)).toBeUndefined();
    expect(didYouMean('zzz', keys)).toBe('');
    expect(didYouMean('toyy', ['toy', 'mnist'])).toBe('did you mean "toy"?');
  });
});
