/**
 * Specs as hostile input: every numeric hyperparameter refuses negative, zero (where zero means nothing), NaN and
 * infinite values with its path, wherever it is set; and seeded mutations of a valid spec only ever end in a
 * valid spec or a SpecError. The YAML bomb and deep nesting are covered in read-spec-text.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../errors.js';
import { createRng, type Rng } from '../plan/rng.js';
import { loadSpecText } from './load-spec.js';

/** The issues of a spec, keyed by path; the test fails if the spec is accepted or fails otherwise. */
function issuesOf(text: string, overrides?: Record<string, unknown>): Map<string, string> {
  try {
    loadSpecText(text, 'fuzz.yaml', { overrides });
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return new Map(e.issues.map((i) => [i.path, i.message]));
  }
  throw new Error(`expected the spec to be refused:\n${text}`);
}

/** Numeric hyperparameters, where they are set, a valid value, and whether zero is a meaningful value. */
const HYPERPARAMETERS = [
  { key: 'learningRate', section: 'train', good: 0.01, zero: false, sweep: true },
  { key: 'gradientClip', section: 'train', good: 1, zero: false, sweep: true },
  { key: 'batchSize', section: 'train', good: 16, zero: false, sweep: true },
  { key: 'epochs', section: 'train', good: 2, zero: false, sweep: false },
  { key: 'patience', section: 'train', good: 2, zero: false, sweep: true },
  { key: 'divergenceFactor', section: 'train', good: 100, zero: false, sweep: true },
  { key: 'momentum', section: 'train', good: 0.5, zero: true, sweep: true },
  { key: 'reconstructionWeight', section: 'train', good: 0.5, zero: true, sweep: true },
  { key: 'hiddenSize', section: 'model', good: 8, zero: false, sweep: true },
] as const;

/** YAML spellings of bad numbers and what the refusal must say. */
const BAD_VALUES: readonly (readonly [string, RegExp, 'zero' | 'any'])[] = [
  ['-1', /positive|at least 0, got -1|from 0 to 1/, 'any'],
  ['-0.001', /positive|whole number, got -0.001|at least 0, got -0.001|from 0 to 1/, 'any'],
  ['0', /positive/, 'zero'],
  ['.nan', /^expected a finite number, got NaN$/, 'any'],
  ['.inf', /^expected a finite number, got Infinity$/, 'any'],
  ['-.inf', /^expected a finite number, got -Infinity$/, 'any'],
  ['1e999', /^expected a finite number, got Infinity$/, 'any'],
];

function specText(section: string, key: string, value: string, grid: string): string {
  const model = section === 'model' ? `{ name: lstm-ae, ${key}: ${value} }` : '{ name: lstm-ae }';
  const train = section === 'train' ? `{ ${key}: ${value} }` : '{}';
  return `name: fuzz\ntask: { name: toy, samples: 64, length: 10 }\nmodel: ${model}\ntrain: ${train}\ngrid: ${grid}\n`;
}

describe('numeric hyperparameters', () => {
  for (const h of HYPERPARAMETERS) {
    for (const [value, says, when] of BAD_VALUES) {
      if (when === 'zero' && h.zero) continue;
      it(`${h.section}.${h.key} = ${value} is refused with its path, in the spec and in the grid`, () => {
        const grid = h.sweep ? `{ ${h.key}: [${h.good}, ${value}] }` : '{}';
        const issues = issuesOf(specText(h.section, h.key, value, grid));
        expect(issues.get(`${h.section}.${h.key}`), [...issues].join('\n')).toMatch(says);
        if (h.sweep) expect(issues.get(`grid.${h.key}[1]`), [...issues].join('\n')).toMatch(says);
      });
    }
  }

  it('lists every bad hyperparameter of one spec at once, each with its path', () => {
    const train = HYPERPARAMETERS.filter((h) => h.section === 'train').map((h) => `${h.key}: -1`).join(', ');
    const grid = HYPERPARAMETERS.filter((h) => h.sweep).map((h) => `${h.key}: [.nan]`).join(', ');
    const issues = issuesOf(`name: fuzz\ntask: { name: toy }\nmodel: { name: lstm-ae, hiddenSize: -1 }\ntrain: { ${train} }\ngrid: { ${grid} }\n`);
    const expected = [
      ...HYPERPARAMETERS.map((h) => `${h.section}.${h.key}`),
      ...HYPERPARAMETERS.filter((h) => h.sweep).map((h) => `grid.${h.key}[0]`),
    ];
    expect([...issues.keys()].sort()).toEqual(expected.sort());
  });

  it('refuses NaN, negative and zero values given on the command line, with their paths', () => {
    const text = specText('train', 'epochs', '2', '{}');
    expect(issuesOf(text, { learningRate: 'NaN' }).get('train.learningRate')).toMatch(/expected a number, got a string/);
    expect(issuesOf(text, { learningRate: [0.1, -0.1] }).get('grid.learningRate[1]')).toMatch(/positive/);
    expect(issuesOf(text, { hiddenSize: [8, 0] }).get('grid.hiddenSize[1]')).toMatch(/positive/);
    expect(issuesOf(text, { batchSize: Number.NaN }).get('train.batchSize')).toMatch(/finite number, got NaN/);
  });
});

const VALID = `name: fuzz
seed: 7
task: { name: toy, samples: 64, length: 10 }
model: { name: lstm-ae, hiddenSize: 8 }
train: { epochs: 2, learningRate: 0.01, gradientClip: 5 }
grid:
  learningRate: [0.1, 0.01]
  hiddenSize: [8, 16]
stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 3 } }
`;

/** Pieces of YAML syntax, odd numbers and odd characters that mutations splice in. */
const PIECES = [
  '{', '}', '[', ']', ': ', ',', '&a ', '*a', '*b', '!!str ', '!!binary ', '|', '>', '- ', '? ', '#', '\'', '"', '\n', '  ', '\t',
  '.nan', '-.inf', '1e999', '-0', '0x1F', '<<: *a\n', '---\n', '...\n', '%YAML 1.2\n', '\u0000', '\uFEFF', '\u202E', '__proto__: { polluted: true }\n',
  'constructor: { prototype: { polluted: true } }\n', 'x'.repeat(300),
];

function mutate(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  const len = 1 + rng.int(20);
  switch (rng.int(5)) {
    case 0: return text.slice(0, at) + text.slice(at + len);
    case 1: return text.slice(0, at) + PIECES[rng.int(PIECES.length)]! + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at, at + len).repeat(2 + rng.int(3)) + text.slice(at + len);
    case 3: return text.slice(0, at);
    default: return text.slice(0, at) + String.fromCharCode(rng.int(0x3000)) + text.slice(at + 1);
  }
}

describe('mangled specs', () => {
  it('end in a valid spec or a SpecError with located issues, never another error (600 seeded mutations)', () => {
    const rng = createRng(11, 'spec-fuzz');
    let refused = 0;
    for (let i = 0; i < 600; i++) {
      let text = VALID;
      for (let m = 1 + rng.int(4); m > 0; m--) text = mutate(text, rng);
      try {
        loadSpecText(text, i % 2 === 0 ? 'fuzz.yaml' : 'fuzz.json');
      } catch (e) {
        if (!(e instanceof SpecError)) throw new Error(`mutation ${i} threw ${String(e)} for:\n${JSON.stringify(text)}`);
        expect(e.issues.length).toBeGreaterThan(0);
        for (const issue of e.issues) expect(issue.message.length, JSON.stringify(text)).toBeGreaterThan(0);
        refused++;
      }
    }
    // Most mutations break the spec; a few leave it valid.
    expect(refused).toBeGreaterThan(300);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
