import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsafePathError, writeFileInside } from './write-inside.js';
import { fileNameProblem } from './plain-file-name.js';
import { TrialAssignment, TrialResult } from '../messages.js';

/** Names a hostile peer could send, each of which would leave the folder or is no plain name. */
const HOSTILE_NAMES = [
  '../x', '../../../x', '..', '.', '', 'a/b', '/etc/passwd', 'a\0b', '..\\x', 'C:\\x', 'C:x', 'a\\b', ' ', 'x'.repeat(129),
];

describe('writeFileInside', () => {
  it('writes a plain file name inside the folder, replacing an older copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inside-'));
    expect(await writeFileInside(dir, 'model.json', 'one')).toBe(join(dir, 'model.json'));
    await writeFileInside(dir, 'model.json', 'two');
    expect(await readFile(join(dir, 'model.json'), 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it.each(HOSTILE_NAMES)('refuses %j and writes nothing anywhere', async (name) => {
    const root = await mkdtemp(join(tmpdir(), 'inside-'));
    const dir = join(root, 'a', 'b', 'c');
    await mkdir(dir, { recursive: true });
    await expect(writeFileInside(dir, name, 'pwned')).rejects.toBeInstanceOf(UnsafePathError);
    expect(await readdir(dir)).toEqual([]);
    expect(await readdir(root)).toEqual(['a']);
    expect(fileNameProblem(name)).toBeDefined();
  });

  it('replaces a link planted under the name instead of writing through it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inside-'));
    const victim = join(await mkdtemp(join(tmpdir(), 'victim-')), 'authorized_keys');
    await writeFile(victim, 'mine');
    await symlink(victim, join(dir, 'weights.bin'));
    await writeFileInside(dir, 'weights.bin', 'theirs');
    expect(await readFile(victim, 'utf8')).toBe('mine');
    expect((await lstat(join(dir, 'weights.bin'))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(dir, 'weights.bin'), 'utf8')).toBe('theirs');
    await expect(readlink(join(dir, 'weights.bin'))).rejects.toThrow();
  });
});

describe('the wire schemas', () => {
  const ref = { name: 'models/s/t/model.json', digest: 'a'.repeat(64) };
  const result = {
    sweepId: 's', trialId: 't', pointId: 'p', stage: 'final', params: {}, fold: -1, status: 'completed', metrics: {}, history: [],
    bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'wasm', finishedAt: '',
  };
  const trial = {
    sweepId: 's', trialId: 't', pointId: 'p', stage: 'filter', params: {}, seed: 1, task: { name: 'sp500' }, model: { name: 'lstm-ae' },
    train: {}, split: { kind: 'final', testFraction: 0.2 },
  };

  it('accept plain artifact names and data keys', () => {
    expect(TrialResult.safeParse({ ...result, artifacts: { 'model.json': ref, 'weights.bin': ref } }).success).toBe(true);
    expect(TrialAssignment.safeParse({ ...trial, dataRefs: { path: ref, 'dir/train-images-idx3-ubyte.gz': ref } }).success).toBe(true);
  });

  it.each(HOSTILE_NAMES)('refuse %j as an artifact name, a data key and a folder file', (name) => {
    expect(TrialResult.safeParse({ ...result, artifacts: { [name]: ref } }).success).toBe(false);
    expect(TrialAssignment.safeParse({ ...trial, dataRefs: { [name]: ref } }).success).toBe(false);
    expect(TrialAssignment.safeParse({ ...trial, dataRefs: { [`dir/${name}`]: ref } }).success).toBe(false);
  });

  it('refuse a digest that is not SHA-256 hex (cached copies are named by it)', () => {
    for (const digest of ['../../x', 'A'.repeat(64), 'a'.repeat(63), '']) {
      expect(TrialResult.safeParse({ ...result, artifacts: { 'model.json': { ...ref, digest } } }).success, digest).toBe(false);
      expect(TrialAssignment.safeParse({ ...trial, dataRefs: { path: { ...ref, digest } } }).success, digest).toBe(false);
    }
  });
});
