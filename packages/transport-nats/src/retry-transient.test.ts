import { describe, expect, it } from 'vitest';
import { isTransient } from './fetch-one.js';
import { retryTransient } from './retry-transient.js';

const named = (name: string, extra: Record<string, unknown> = {}, cause?: Error): Error =>
  Object.assign(new Error(`${name} happened`, cause ? { cause } : undefined), { name, ...extra });

describe('isTransient', () => {
  it('takes timeouts, lost connections and JetStream not answering for passing trouble', () => {
    expect(isTransient(named('TimeoutError'))).toBe(true);
    expect(isTransient(named('RequestError'))).toBe(true);
    // The client's name for a JetStream request with no responder: a server whose JetStream is not back yet.
    expect(isTransient(named('JetStreamNotEnabled', {}, named('RequestError')))).toBe(true);
    expect(isTransient(named('JetStreamApiError', { status: 503 }))).toBe(true);
  });

  it('takes a cluster between leaders for passing trouble', () => {
    expect(isTransient(named('JetStreamApiError', { status: 503, code: 10008 }))).toBe(true);
    // A server that has just lost the meta leader answers 500 with this code until a new one is elected.
    expect(isTransient(named('JetStreamApiError', { status: 500, code: 10009 }))).toBe(true);
    expect(isTransient(named('JetStreamApiError', { status: 500, code: 10074 }))).toBe(false);
  });

  it('never takes a refused permission for passing trouble, however it is wrapped', () => {
    expect(isTransient(named('RequestError', {}, named('PermissionViolationError')))).toBe(false);
    expect(isTransient(named('JetStreamNotEnabled', {}, named('RequestError', {}, named('PermissionViolationError'))))).toBe(false);
  });

  it('takes everything else for real errors', () => {
    expect(isTransient(named('JetStreamNotEnabled'))).toBe(false);
    expect(isTransient(named('JetStreamApiError', { status: 400 }))).toBe(false);
    expect(isTransient(named('PermissionViolationError'))).toBe(false);
    expect(isTransient(new Error('bug'))).toBe(false);
    expect(isTransient('TimeoutError')).toBe(false);
  });
});

describe('retryTransient', () => {
  const window = (windowMs: number, now?: () => number) => ({ windowMs, signal: new AbortController().signal, where: 'nats://h:4222', now });

  it('tries a transient failure again until the operation succeeds', async () => {
    let calls = 0;
    const value = await retryTransient('reading', async () => {
      if (++calls < 3) throw named('TimeoutError');
      return 'ok';
    }, window(10_000));
    expect([value, calls]).toEqual(['ok', 3]);
  });

  it('throws any other failure at once', async () => {
    let calls = 0;
    const bug = new Error('a bug');
    await expect(retryTransient('reading', async () => {
      calls++;
      throw bug;
    }, window(10_000))).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it('gives up once the window has passed, naming the server and the operation', async () => {
    let t = 0;
    const failure = retryTransient('storing the record of s1', async () => {
      t += 400;
      throw named('TimeoutError');
    }, window(1000, () => t));
    await expect(failure).rejects.toMatchObject({
      name: 'UserError', code: 'TRANSPORT_UNAVAILABLE',
      message: 'nats-server at nats://h:4222 did not answer (storing the record of s1) for 1 s: TimeoutError happened',
    });
  });

  it('stops retrying when its signal aborts, with the last error', async () => {
    const stop = new AbortController();
    const lost = named('RequestError');
    await expect(retryTransient('reading', async () => {
      stop.abort();
      throw lost;
    }, { windowMs: 10_000, signal: stop.signal, where: 'nats://h:4222' })).rejects.toBe(lost);
  });
});
