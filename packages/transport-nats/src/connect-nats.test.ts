/**
 * connectNats: every failure a user can fix is a UserError that names the server and says what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { ErrorCode, UserError } from '@seqsweep/core';
import { connectNats } from './connect-nats.js';
import { describeNats } from './testing/describe-nats.js';
import { freePort, startNatsServer, type NatsServerHandle } from './testing/nats-server.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('connectNats without a server', () => {
  // A refused connection is answered at once, with no retries: a hang would run into the test's deadline.
  it('names an unreachable URL in a TransportUnavailable error, with a fix', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const error = await failure(connectNats({ servers: url }));
    expect(error.code).toBe(ErrorCode.TransportUnavailable);
    expect(error.message).toContain(url);
    expect(error.fix).toMatch(/nats-server/);
  });

  describe('a server that never answers', () => {
    let silent: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    // The message names the timeout that ended the wait; a client that ignored it would hang into the test's deadline.
    it('gives up after connectTimeoutMs', async () => {
      const error = await failure(connectNats({ servers: `127.0.0.1:${port}`, connectTimeoutMs: 1000 }));
      expect(error.message).toContain(`nats://127.0.0.1:${port}`);
      expect(error.message).toMatch(/no answer within 1000 ms/);
    });
  });

  it('never shows credentials that a URL carries, in an unreachable-server error', async () => {
    const port = await freePort();
    const error = await failure(connectNats({ servers: `nats://alice:s3cret-pw@127.0.0.1:${port}`, connectTimeoutMs: 1000 }));
    expect(error.message).toContain(`nats://***@127.0.0.1:${port}`);
    expect(`${error.message} ${error.fix}`).not.toMatch(/s3cret-pw|alice/);
  });

  it('refuses credentials in the URL together with --token', async () => {
    const error = await failure(connectNats({ servers: 'nats://u:p@127.0.0.1:1', auth: { token: 'x' } }));
    expect(error.message).toMatch(/carries credentials and other credentials were given too/);
  });

  it('refuses a prefix that is not one subject token', async () => {
    const error = await failure(connectNats({ servers: 'nats://127.0.0.1:1', prefix: 'a.b' }));
    expect(error.message).toMatch(/prefix "a\.b"/);
  });

  it('refuses two ways to authenticate, and an unreadable creds file', async () => {
    expect((await failure(connectNats({ servers: 'nats://127.0.0.1:1', auth: { token: 'x', user: 'u', pass: 'p' } }))).message).toMatch(/more than one way/);
    expect((await failure(connectNats({ servers: 'nats://127.0.0.1:1', auth: { credsFile: '/nonexistent/user.creds' } }))).message).toMatch(/creds file \/nonexistent\/user\.creds/);
  });
});

describeNats(requireNats, { describe, it })('connectNats with a server', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer({ args: ['--auth', 's3cret'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('says the credentials were refused, naming the URL', async () => {
    for (const auth of [{ token: 'wrong' }, {}]) {
      const error = await failure(connectNats({ servers: server.url, auth }));
      expect(error.code).toBe(ErrorCode.TransportUnavailable);
      expect(error.message).toContain(server.url);
      expect(error.message).toMatch(/refused the credentials/);
    }
  });

  it('connects with the right token', async () => {
    const t = await connectNats({ servers: server.url, auth: { token: 's3cret' }, prefix: 'authok' });
    expect(t.description).toBe(server.url);
    await t.close();
  });

  it('uses a token carried by the URL, and shows neither it nor a wrong one', async () => {
    const port = new URL(server.url).port;
    const t = await connectNats({ servers: `nats://s3cret@127.0.0.1:${port}`, prefix: 'authurl' });
    expect(t.description).toBe(server.url);
    await t.close();
    const error = await failure(connectNats({ servers: `nats://wr0ng-t0ken@127.0.0.1:${port}` }));
    expect(error.message).toContain(`nats://***@127.0.0.1:${port} refused the credentials`);
    expect(`${error.message} ${error.fix}`).not.toContain('wr0ng-t0ken');
  });

  it('says so when the server has no JetStream', async () => {
    const plain = await startNatsServer({ jetstream: false });
    try {
      const error = await failure(connectNats({ servers: plain.url }));
      expect(error.message).toContain(plain.url);
      expect(error.message).toMatch(/does not offer JetStream/);
      expect(error.fix).toMatch(/-js/);
    } finally {
      await plain.stop();
    }
  });
});
