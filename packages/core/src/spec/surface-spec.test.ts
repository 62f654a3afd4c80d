import { describe, expect, it } from 'vitest';
import { expandGrid } from '../plan/expand-grid.js';
import { planStage } from '../plan/plan-stage.js';
import { parseSpec } from './parse-spec.js';
import { resolvePoint } from './resolve-point.js';
import { specIssues } from '../../test-support/spec-issues.js';

const surfaceSpec = (task: Record<string, unknown>, grid: Record<string, unknown>): Record<string, unknown> => ({
  name: 'surface', task: { name: 'noop', ...task }, model: { name: 'lstm-ae' }, grid,
});

describe('a noop task with a benchmark surface', () => {
  it('sweeps x1 ... xd, allows further x keys, and plans trials whose options the keys leave alone', () => {
    const spec = parseSpec(surfaceSpec({ surface: 'branin', noise: 0.1 }, { x1: [-5, 3.14], x2: [2.275], x3: [1, 2], learningRate: [0.01] }));
    expect(spec.task).toEqual({ name: 'noop', sleepMs: 0, fail: false, surface: 'branin', noise: 0.1 });
    const point = { x1: 3.14, x2: 2.275, x3: 1, learningRate: 0.01 };
    const resolved = resolvePoint(spec, point);
    expect(resolved.train.learningRate).toBe(0.01);
    expect(resolved.model).toEqual({ name: 'lstm-ae', hiddenSize: 16 });
    const trials = planStage({ spec, sweepId: 's', stage: 'filter', points: expandGrid(spec.grid) });
    expect(trials).toHaveLength(4 * spec.stages.filter.folds);
    expect(trials[0]!.params).toHaveProperty('x1');
  });

  it('refuses x keys without a surface, values outside the domain or not numbers, and a variable left unswept', () => {
    expect(specIssues(surfaceSpec({}, { x1: [1] }))).toEqual([['grid.x1', expect.stringMatching(/^unknown grid key/)]]);
    expect(specIssues(surfaceSpec({ surface: 'branin' }, { x1: [-6, 0, 'a'], x2: [16] }))).toEqual([
      ['grid.x1[0]', 'outside the surface\'s domain for x1, [-5, 10]'],
      ['grid.x1[2]', 'expected a number; the surface reads x1 as one'],
      ['grid.x2[0]', 'outside the surface\'s domain for x2, [0, 15]'],
    ]);
    expect(specIssues(surfaceSpec({ surface: 'hartmann6' }, { x1: [0.5], x2: [0.5], x4: [0.1] }))).toEqual([
      ['task.surface', 'surface hartmann6 reads x1, x2, x3, x4, x5, x6; sweep x3, x5, x6 too'],
    ]);
  });

  it('takes the variables under space too, with ranges and choices inside the domain', () => {
    const ok = { ...surfaceSpec({ surface: 'branin' }, {}), space: { x1: { uniform: [-5, 10] }, x2: [0, 2.275, 15], x3: { uniform: [0, 1] } }, search: { strategy: 'tpe', trials: 20 } };
    expect(parseSpec(ok).space).toEqual(ok.space);
    const bad = { ...surfaceSpec({ surface: 'branin' }, {}), space: { x1: { uniform: [-6, 10] }, x2: [0, 16, 'a'] }, search: { strategy: 'random', trials: 20 } };
    expect(specIssues(bad)).toEqual([
      ['space.x1.uniform[0]', "outside the surface's domain for x1, [-5, 10]"],
      ['space.x2[1]', "outside the surface's domain for x2, [0, 15]"],
      ['space.x2[2]', 'expected a number; the surface reads x2 as one'],
    ]);
  });

  it('refuses an unknown surface and negative noise', () => {
    const issues = specIssues(surfaceSpec({ surface: 'himmelblau', noise: -1 }, { x1: [0] }));
    expect(issues.map(([path]) => path)).toEqual(['task.surface', 'task.noise']);
  });
});
