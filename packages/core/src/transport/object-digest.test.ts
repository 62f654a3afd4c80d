/**
 * Fetching a data file by digest: a mismatch is detected, the fetch retried once, and only then refused.
 */
import { describe, expect, it } from 'vitest';
import { DataError, ErrorCode } from '../errors.js';
import { loadVerified, type LoadedObject } from './object-digest.js';
import { sha256Hex } from './sha256.js';

const good = new TextEncoder().encode('date,high,Name\n2020-01-01,1,A\n');
const flipped = Uint8Array.from(good, (b, i) => (i === 5 ? b ^ 1 : b));
const digest = sha256Hex(good);

/** A load that answers from `script` in turn, counting its calls. */
function scripted(...script: LoadedObject[]): { load: () => Promise<LoadedObject>; calls: () => number } {
  let calls = 0;
  return { load: async () => script[Math.min(calls++, script.length - 1)]!, calls: () => calls };
}

async function refusal(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('loadVerified', () => {
  it('returns a file whose digest matches, loading it once', async () => {
    const s = scripted(good);
    expect(await loadVerified('prices.csv', digest, 'the store', s.load)).toBe(good);
    expect(s.calls()).toBe(1);
  });

  it('retries a copy with a flipped bit and returns the good one that follows', async () => {
    const s = scripted(flipped, good);
    expect(await loadVerified('prices.csv', digest, 'the store', s.load)).toBe(good);
    expect(s.calls()).toBe(2);
  });

  it('retries a copy the store itself found corrupt', async () => {
    const s = scripted({ corrupt: 'a corrupt copy' }, good);
    expect(await loadVerified('prices.csv', digest, 'the store', s.load)).toBe(good);
    expect(s.calls()).toBe(2);
  });

  it('refuses a file that is still wrong on the retry, naming it, both digests and the fix', async () => {
    const s = scripted(flipped, flipped);
    const e = await refusal(loadVerified('prices.csv', digest, 'nats-server at nats://h:4222', s.load));
    expect(s.calls()).toBe(2);
    expect(e.code).toBe(ErrorCode.DataCorrupt);
    expect(e.file).toBe('prices.csv');
    expect(e.message).toBe(`the data file "prices.csv" in the object store of nats-server at nats://h:4222 does not match its digest ${digest} (found ${sha256Hex(flipped)})`);
    expect(e.fix).toMatch(/run the sweep again/);
  });

  it('does not retry a file that is missing', async () => {
    const s = scripted(null);
    expect((await refusal(loadVerified('prices.csv', digest, 'the store', s.load))).code).toBe(ErrorCode.DataNotFound);
    expect(s.calls()).toBe(1);
  });
});
