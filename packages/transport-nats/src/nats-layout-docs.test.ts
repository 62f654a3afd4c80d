/**
 * docs/distributed.md's table of streams, subjects and buckets is checked against the layout the code uses, so
 * the two cannot drift apart again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { natsLayout } from './nats-layout.js';

/** docs/distributed.md, found from this file upwards, wherever the package lives in the repository. */
function distributedDoc(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'docs', 'distributed.md');
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error('docs/distributed.md not found above this test');
}

/** The table's rows, each as the names written in backticks in it. */
function tableRows(doc: string): string[][] {
  const section = doc.slice(doc.indexOf('## Streams, subjects and buckets'));
  const table = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| name'));
  return table.map((row) => [...row.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe('docs/distributed.md', () => {
  const l = natsLayout('<prefix>');
  const [s, t] = ['<sweepId>', '<trialId>'];
  const rows = tableRows(distributedDoc());
  const named = rows.flat();

  it('names every subject, stream, consumer, bucket, key and message id of the layout', () => {
    for (const name of [
      l.trials(s), l.result(s, t), l.progress(s, t), l.heartbeats, l.maxDeliveries(s), l.trialsStream, l.resultsStream,
      l.consumer(s), l.sweepsBucket, l.trialIdsBucket, l.dataBucket, l.modelsBucket, l.sweepKey(s), l.trialIdKey(s, t), l.messageId(s, t),
    ]) {
      expect(named, name).toContain(name);
    }
  });

  it('has no subject the code does not use (each row starts with one of the layout\'s names)', () => {
    const subjects = new Set([l.trials(s), l.result(s, t), l.progress(s, t), l.heartbeats, l.maxDeliveries(s), l.sweepsBucket, l.trialIdsBucket, l.dataBucket, l.modelsBucket]);
    expect(rows.map((r) => r[0])).toEqual([...subjects]);
  });
});
