/**
 * Security end to end: a nats-server that requires TLS with verified client certificates and user passwords, with
 * the per-role permissions of docs/security.md (read from that page), a sweep run under them, the refusals a user
 * meets, and no secret in any output or file.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { connectNats } from '@seqsweep/transport-nats';
import { natsServerAvailable, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { CliProcess, runCli } from './support/cli.js';
import { readResults, tempDir, writeSpec } from './support/spec.js';
import { documentedAuthorization, makeCertificates, opensslAvailable, securedConfig, type Certificates } from './support/secure-nats.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const missing = [natsServerAvailable() ? [] : ['nats-server'], opensslAvailable() ? [] : ['openssl']].flat();
if (missing.length > 0 && !requireNats) {
  console.warn(`\n*** ${missing.join(' and ')} not found: SKIPPING the security end-to-end tests (install them, or set SEQSWEEP_REQUIRE_NATS=1 to make this a failure) ***\n`);
}

const secret = (role: string): string => `${role}-${randomBytes(12).toString('hex')}`;
const passwords = { coordinator: secret('coordinator'), worker: secret('worker') };
const wrong = secret('wrong');
const SECRETS = [passwords.coordinator, passwords.worker, wrong];

function expectNoSecret(text: string, where: string): void {
  for (const s of SECRETS) expect(text.includes(s), `a password appears in ${where}`).toBe(false);
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Two companies of 100 days: enough for a 5-day window and 2 forward folds by date, and a data file workers fetch from the server. */
function pricesCsv(): string {
  const rows = ['date,open,high,low,close,volume,Name'];
  for (const [name, base] of [['AAA', 10], ['BBB', 15]] as const) {
    for (let day = 0; day < 100; day++) {
      const date = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
      const v = base + day * 0.3 + Math.sin(day);
      rows.push(`${date},${v},${v + 1},${v - 1},${v},100,${name}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

describe.skipIf(missing.length > 0 && !requireNats)('a sweep over TLS with a user per role (docs/security.md)', () => {
  let server: NatsServerHandle;
  let certs: Certificates;
  let dir: string;
  let url: string;
  const tls = (): string[] => ['--tls-ca', certs.ca, '--tls-cert', certs.clientCert, '--tls-key', certs.clientKey];
  const as = (role: 'coordinator' | 'worker', prefix = 'team-a'): string[] => [
    '--nats', url, '--prefix', prefix, ...tls(), '--user', role, '--password', passwords[role],
  ];

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`${missing.join(' and ')} required here (CI=true or SEQSWEEP_REQUIRE_NATS=1) but not found`);
    dir = await tempDir('security');
    certs = await makeCertificates(dir);
    const config = join(dir, 'nats.conf');
    await writeFile(config, securedConfig(certs, await documentedAuthorization(), passwords));
    server = await startNatsServer({ args: ['-c', config] });
    url = `tls://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs a sweep with data files and a stored model: coordinator and worker each as their own user', async () => {
    await writeFile(join(dir, 'prices.csv'), pricesCsv());
    const spec = await writeSpec(dir, {
      name: 'secure', seed: 3,
      task: { name: 'sp500', path: 'prices.csv', window: 5, minDays: 10 },
      model: { name: 'lstm-ae-predictor', hiddenSize: 4 },
      train: { epochs: 1, batchSize: 16 },
      grid: { learningRate: [0.05, 0.01] },
      stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } },
    });
    const out = join(dir, 'out');
    const run = new CliProcess(['run', spec, ...as('coordinator'), '--out', out, '--no-tui']);
    // The coordinator creates the prefix's streams and buckets: workers may only use them.
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    const worker = new CliProcess(['worker', ...as('worker')]);
    expect(await run.exit(90_000), run.output).toBe(0);
    worker.kill('SIGTERM');
    expect(await worker.exit(20_000), worker.output).toBe(0);
    const results = await readResults(out, sweepId);
    expect(results.status).toBe('completed');
    expect(results.trials).toHaveLength(4 + 2 + 1);
    expect(results.trials.every((t) => t.status === 'completed' && t.worker !== 'coordinator'), run.output).toBe(true);
    expect(results.best?.test.testLoss).toBeTypeOf('number');
    const files = await filesUnder(join(out, sweepId));
    // The final model went worker -> object store -> coordinator.
    expect(files.some((f) => f.includes(`${join(out, sweepId, 'best')}`))).toBe(true);
    expect(worker.output).toContain(`ready on ${url} `);
    expectNoSecret(run.output, 'the coordinator output');
    expectNoSecret(worker.output, 'the worker output');
    for (const file of files) expectNoSecret(await readFile(file, 'latin1'), file);
  });

  it('lets a worker fetch a large data file (6 MiB, by direct gets: no consumer, no flow control) without stalling', async () => {
    const open = (role: 'coordinator' | 'worker') => connectNats({
      servers: url, prefix: 'team-a', auth: { user: role, pass: passwords[role] },
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    const [coordinator, worker] = [await open('coordinator'), await open('worker')];
    try {
      const data = randomBytes(6 * 1024 * 1024);
      const { digest } = await coordinator.putObject('data/large.bin', data);
      // A read that stalls (a permission missing) would wait for good: fail fast instead.
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the worker\'s fetch stalled: flow control refused?')), testDeadline(15_000));
      });
      const fetched = await Promise.race([worker.getObject('data/large.bin', digest), stalled]).finally(() => clearTimeout(timer));
      expect(Buffer.from(fetched).equals(data)).toBe(true);
    } finally {
      await Promise.all([coordinator.close(), worker.close()]);
    }
  });

  it('refuses a worker with a wrong password: exit 1, one sentence naming the URL, no trace', async () => {
    const bad = await runCli(['worker', '--nats', url, '--prefix', 'team-a', ...tls(), '--user', 'worker', '--password', wrong], { timeoutMs: 30_000 });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toEqual([]);
    expect(bad.stderr).toEqual([
      `seqsweep: nats-server at ${url} refused the credentials (Authorization Violation).`,
      'Fix: check --token, --user and --password, --nkey or --creds against the server\'s authorization settings.',
    ]);
    expectNoSecret(bad.output, 'the refused worker output');
  });

  it('keeps a team-a worker out of another prefix, naming the refused subject', async () => {
    const other = await runCli(['worker', ...as('worker', 'team-b')], { timeoutMs: 30_000 });
    expect(other.code).toBe(1);
    expect(other.stderr[0]).toBe('seqsweep: the NATS server refused this user permission to publish on "$JS.API.STREAM.CREATE.team-b_TRIALS".');
    expect(other.output).not.toMatch(/\n\s+at /);
    expectNoSecret(other.output, 'the team-b worker output');
  });

  /** A raw client of `role`, as a hostile holder of that role's password would use, and the violations it is told. */
  async function rawClient(role: 'coordinator' | 'worker'): Promise<{ nc: NatsConnection; refused: (subject: string, op?: string) => Promise<void> }> {
    const nc = await connect({
      servers: url, user: role, pass: passwords[role], tls: { caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey },
    });
    const seen: { operation: string; subject: string }[] = [];
    const waiters = new Set<() => void>();
    void (async () => {
      for await (const s of nc.status()) {
        const e = s.type === 'error' ? (s.error as { name?: string; operation?: string; subject?: string }) : undefined;
        if (e?.name === 'PermissionViolationError') seen.push({ operation: e.operation ?? '', subject: e.subject ?? '' });
        for (const w of waiters) w();
      }
    })();
    const refused = (subject: string, op = 'publish'): Promise<void> => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not refuse ${op} on ${subject} (refused: ${JSON.stringify(seen)})`)), testDeadline(20_000));
      const check = (): void => {
        if (!seen.some((v) => v.subject === subject && v.operation === op)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
    return { nc, refused };
  }

  it('holds the role table of docs/security.md: what a worker and a coordinator may not publish or read', async () => {
    // The coordinator's connection makes sure the prefix's streams and buckets exist.
    const setup = await connectNats({ servers: url, prefix: 'team-a', auth: { user: 'coordinator', pass: passwords.coordinator }, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
    await setup.close();
    const worker = await rawClient('worker');
    const coordinator = await rawClient('coordinator');
    try {
      const advisory = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.team-a_TRIALS.workers-some-sweep';
      const workerMayNot = ['team-a.trials.some-sweep', '$KV.team-a-sweeps.some-sweep', '$KV.team-a-trial-ids.some-sweep.t-1', advisory,
        '$JS.API.STREAM.PURGE.team-a_RESULTS', '$JS.API.STREAM.MSG.DELETE.team-a_RESULTS', '$JS.API.CONSUMER.DELETE.team-a_TRIALS.workers-some-sweep',
        'team-b.results.some-sweep.t-1'];
      for (const subject of workerMayNot) worker.nc.publish(subject, '{}');
      worker.nc.subscribe('team-a.>');
      await worker.nc.flush();
      for (const subject of workerMayNot) await worker.refused(subject);
      await worker.refused('team-a.>', 'subscription');
      // Nobody but the server may publish the max-deliveries advisory, which would record a trial as failed.
      coordinator.nc.publish(advisory, '{}');
      await coordinator.nc.flush();
      await coordinator.refused(advisory);
      // The limit the table states: a worker may store a result for any trial of its prefix, first come.
      const ack = await jetstream(worker.nc).publish('team-a.results.some-sweep.t-forged', '{"not":"a result"}');
      expect(ack.stream).toBe('team-a_RESULTS');
    } finally {
      await Promise.all([worker.nc.close(), coordinator.nc.close()]);
    }
  });

  it('keeps a worker from rolling up, overwriting or erasing the data files or creating consumers on the coordinator\'s buckets, and holds it to the models quota (issue 22, attack 8)', async () => {
    const open = (role: 'coordinator' | 'worker') => connectNats({
      servers: url, prefix: 'team-a', auth: { user: role, pass: passwords[role] },
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    const [coordinator, workerSide] = [await open('coordinator'), await open('worker')];
    const worker = await rawClient('worker');
    try {
      const data = randomBytes(100_000);
      const { digest } = await coordinator.putObject('data/kept.bin', data);
      // The attack of issue 22: a rollup on the data bucket's chunk and meta subjects erased the coordinator's file.
      const rollup = headers();
      rollup.set('Nats-Rollup', 'all');
      const subjects = ['$O.team-a-data.C.anything', `$O.team-a-data.M.${Buffer.from('data/kept.bin').toString('base64url')}`];
      for (const subject of subjects) worker.nc.publish(subject, 'x', { headers: rollup });
      await worker.nc.flush();
      for (const subject of subjects) await worker.refused(subject);
      // Nor may it create a consumer (a durable one would stay) on the coordinator's buckets: its reads need none.
      // Nor on the sweeps bucket: a worker learns which sweeps run by direct gets too.
      const creates = ['OBJ_team-a-data', 'KV_team-a-sweeps'].map((stream) => [stream, `$JS.API.CONSUMER.CREATE.${stream}.evil`] as const);
      for (const [stream, subject] of creates) {
        worker.nc.publish(subject, JSON.stringify({ stream_name: stream, config: { durable_name: 'evil', name: 'evil', ack_policy: 'explicit' } }));
      }
      worker.nc.publish('$JS.API.CONSUMER.DURABLE.CREATE.KV_team-a-sweeps.evil', '{}');
      await worker.nc.flush();
      for (const [, subject] of creates) await worker.refused(subject);
      await worker.refused('$JS.API.CONSUMER.DURABLE.CREATE.KV_team-a-sweeps.evil');
      expect(Buffer.from(await workerSide.getObject('data/kept.bin', digest)).equals(data)).toBe(true);
      // A worker stores models in their own bucket, under a quota: a 64 MB object is refused by the server.
      const model = await workerSide.putObject('models/s/t/model.json', new TextEncoder().encode('{}'), { store: 'models' });
      expect(Buffer.from(await coordinator.getObject('models/s/t/model.json', model.digest, { store: 'models' })).toString()).toBe('{}');
      // The quota stops the upload part way; the client's clean-up of the partial chunks (a purge) is refused too.
      await expect(workerSide.putObject('models/s/t/huge.bin', new Uint8Array(64 * 1000 * 1000), { store: 'models' })).rejects.toThrow();
      await expect(coordinator.getObject('models/s/t/huge.bin', '0'.repeat(64), { store: 'models' })).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
    } finally {
      await Promise.all([coordinator.close(), workerSide.close(), worker.nc.close()]);
    }
  }, testDeadline(60_000));

  it('takes credentials from the URL and shows them as ***, right or wrong', async () => {
    const withCredentials = (password: string): string => `tls://coordinator:${password}@127.0.0.1:${server.port}`;
    const ok = await runCli(['status', '--nats', withCredentials(passwords.coordinator), '--prefix', 'team-a', ...tls()], { timeoutMs: 30_000 });
    expect(ok.code, ok.output).toBe(0);
    expect(ok.stdout.join('\n')).toMatch(/^secure-\S+ +completed/m);
    const bad = await runCli(['status', '--nats', withCredentials(wrong), '--prefix', 'team-a', ...tls()], { timeoutMs: 30_000 });
    expect(bad.code).toBe(1);
    expect(bad.stderr[0]).toBe(`seqsweep: nats-server at tls://***@127.0.0.1:${server.port} refused the credentials (Authorization Violation).`);
    expectNoSecret(ok.output + bad.output, 'the status output');
  });

  it('says to pass --tls-ca when the server certificate cannot be trusted', async () => {
    const untrusted = await runCli(['status', '--nats', url, '--prefix', 'team-a', '--tls-cert', certs.clientCert, '--tls-key', certs.clientKey,
      '--user', 'coordinator', '--password', passwords.coordinator], { timeoutMs: 30_000 });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr[0]).toMatch(new RegExp(`^seqsweep: nats-server at ${url.replaceAll('.', '\\.')} presented a TLS certificate that cannot be trusted`));
    expect(untrusted.stderr[1]).toMatch(/--tls-ca/);
    expectNoSecret(untrusted.output, 'the untrusted-certificate output');
  });
});
