import { execFile, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** True when an `openssl` binary runs. */
export function opensslAvailable(): boolean {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8', timeout: 5000 });
  return probe.error === undefined && probe.status === 0;
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, as file paths. */
export interface Certificates {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

const EXTENSIONS = `[server]
subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth
[client]
extendedKeyUsage=clientAuth
`;

/** Generates the CA and both certificates (P-256 keys, valid for a day) into `dir` with openssl. */
export async function makeCertificates(dir: string): Promise<Certificates> {
  const at = (name: string): string => join(dir, name);
  await writeFile(at('ext.cnf'), EXTENSIONS);
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...key, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '1', '-subj', '/CN=seqsweep-test-ca']);
  for (const [name, cn] of [['server', 'localhost'], ['client', 'seqsweep-client']] as const) {
    await run('openssl', ['req', ...key, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await run('openssl', [
      'x509', '-req', '-in', at(`${name}.csr`), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial',
      '-out', at(`${name}.pem`), '-days', '1', '-extfile', at('ext.cnf'), '-extensions', name,
    ]);
  }
  return { ca: at('ca.pem'), serverCert: at('server.pem'), serverKey: at('server.key'), clientCert: at('client.pem'), clientKey: at('client.key') };
}

const SECURITY_DOC = fileURLToPath(new URL('../../docs/security.md', import.meta.url));

/**
 * The `authorization { ... }` block of docs/security.md, exactly as the page shows it, so that the test runs the
 * configuration the documentation gives.
 */
export async function documentedAuthorization(): Promise<string> {
  const text = await readFile(SECURITY_DOC, 'utf8');
  const block = /```conf\n(authorization \{\n[\s\S]*?\n\})\n```/.exec(text)?.[1];
  if (!block) throw new Error(`no \`\`\`conf block starting with "authorization {" in ${SECURITY_DOC}`);
  return block;
}

/**
 * A nats-server config: TLS with verified client certificates, and `authorization` with the passwords the
 * documented block reads from the environment (`$SEQSWEEP_COORDINATOR_PASSWORD`, `$SEQSWEEP_WORKER_PASSWORD`)
 * written in.
 */
export function securedConfig(certs: Certificates, authorization: string, passwords: { coordinator: string; worker: string }): string {
  const auth = authorization
    .replace('$SEQSWEEP_COORDINATOR_PASSWORD', JSON.stringify(passwords.coordinator))
    .replace('$SEQSWEEP_WORKER_PASSWORD', JSON.stringify(passwords.worker));
  const tls = [
    'tls {',
    `  cert_file: ${JSON.stringify(certs.serverCert)}`,
    `  key_file: ${JSON.stringify(certs.serverKey)}`,
    `  ca_file: ${JSON.stringify(certs.ca)}`,
    '  verify: true',
    '  timeout: 5',
    '}',
  ].join('\n');
  return `${tls}\n${auth}\n`;
}
