/**
 * Objects whose metadata a worker-role client rewrote (issue 22, attacks 5 to 7), against a real nats-server: a
 * link to another bucket, chunks that do not exist, a size over the limit, a digest that does not match. Each is
 * refused in one sentence, at once, and nothing is created on its behalf.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { randomBytes } from 'node:crypto';
import { testDeadline } from '@seqsweep/core/testing';
import { connectNats } from './connect-nats.js';
import type { NatsTransport } from './nats-transport.js';
import { describeNats } from './testing/describe-nats.js';
import { startNatsServer, type NatsServerHandle } from './testing/nats-server.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const PREFIX = 'objs';
const STREAM = `OBJ_${PREFIX}-data`;

/** The object store's meta subject of `name` (its name in padded base64url). */
function metaSubject(name: string): string {
  const b64 = Buffer.from(name).toString('base64url');
  return `$O.${PREFIX}-data.M.${b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')}`;
}

describeNats(requireNats, { describe, it })('object metadata from a hostile writer', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let transport: NatsTransport;
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    transport = await connectNats({ servers: server.url, prefix: PREFIX, objectLimits: { maxBytes: 1_000_000, timeoutMs: 20_000 } });
  });
  afterAll(async () => {
    await transport?.close();
    await nc?.close();
    await server?.stop();
  });

  /** Stores `name`, then replaces its metadata with `change(meta)` as a raw client would (a rollup of the meta subject). */
  async function forge(name: string, change: (meta: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
    const { digest } = await transport.putObject(name, randomBytes(50_000));
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage(STREAM, { last_by_subj: metaSubject(name) });
    const h = headers();
    h.set('Nats-Rollup', 'sub');
    await nc.request(metaSubject(name), JSON.stringify(change(stored!.json<Record<string, unknown>>())), { headers: h, timeout: 5000 });
    return digest;
  }

  const refusal = (name: string, why: string): RegExp =>
    new RegExp(`^the object "${name}" in the object store of nats-server at \\S+ was refused: ${why}$`);

  it('refuses a link to another bucket, and creates no stream for it', async () => {
    const digest = await forge('data/link.csv', (m) => ({ ...m, options: { link: { bucket: 'elsewhere', name: 'x' } } }));
    await expect(transport.getObject('data/link.csv', digest)).rejects.toMatchObject({
      code: 'DATA_REFUSED', message: expect.stringMatching(refusal('data/link.csv', 'it is a link, and seqsweep never follows one')),
    });
    const names: string[] = [];
    for await (const n of (await jetstreamManager(nc)).streams.names()) names.push(n);
    expect(names.filter((n) => n.includes('elsewhere'))).toEqual([]);
  }, testDeadline(20_000));

  it('refuses metadata naming chunks the store does not hold, without waiting for them', async () => {
    const digest = await forge('data/missing.csv', (m) => ({ ...m, nuid: 'NoSuchChunksHere0000000' }));
    await expect(transport.getObject('data/missing.csv', digest, { timeoutMs: testDeadline(600_000) })).rejects.toMatchObject({
      code: 'DATA_REFUSED', message: expect.stringMatching(refusal('data/missing.csv', 'its metadata names 1 chunks and the store holds 0')),
    });
  }, testDeadline(20_000));

  it('refuses an object whose size is over the limit before reading it', async () => {
    const digest = await forge('data/huge.csv', (m) => ({ ...m, size: 256 * 1024 * 1024 }));
    await expect(transport.getObject('data/huge.csv', digest)).rejects.toMatchObject({
      code: 'DATA_REFUSED', message: expect.stringMatching(refusal('data/huge.csv', 'it holds 256.0 MiB, over the limit of 1000000 bytes')),
    });
  }, testDeadline(20_000));

  it('stops a read at the size limit when the metadata understates the size', async () => {
    const digest = await forge('data/liar.csv', (m) => ({ ...m, size: 10 }));
    await expect(transport.getObject('data/liar.csv', digest, { maxBytes: 20_000 })).rejects.toMatchObject({ code: 'DATA_REFUSED' });
  }, testDeadline(20_000));

  it('refuses an object whose stored digest does not match its chunks', async () => {
    const digest = await forge('data/digest.csv', (m) => ({ ...m, digest: `SHA-256=${Buffer.alloc(32).toString('base64url')}=` }));
    await expect(transport.getObject('data/digest.csv', digest)).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
    const other = await forge('data/nodigest.csv', (m) => ({ ...m, digest: 'MD5=abc' }));
    await expect(transport.getObject('data/nodigest.csv', other)).rejects.toMatchObject({
      code: 'DATA_REFUSED', message: expect.stringMatching(refusal('data/nodigest.csv', 'its metadata carries no SHA-256 digest')),
    });
  }, testDeadline(20_000));
});
