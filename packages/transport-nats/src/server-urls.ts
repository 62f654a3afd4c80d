/**
 * Server URLs as users write them, with credentials possibly inside (`nats://user:pass@host:4222`,
 * `nats://token@host:4222`, as `NATS_URL` often carries them). The NATS client ignores such credentials, so they
 * are taken out here and used as the connection's authentication, and every URL shown anywhere is redacted.
 */
import { ErrorCode, UserError } from '@seqsweep/core';
import type { NatsAuthOptions } from './nats-options.js';

/** What stands for the credentials of a URL in anything printed. */
export const REDACTED = '***';

/** `scheme://` (optional), then userinfo up to the last '@' before the host. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)@/i;

/**
 * `url` (or a comma-separated list of URLs) with any credentials in it replaced by `***`
 * (`nats://***@host:4222`), so that it can be printed. A URL without credentials comes back unchanged.
 */
export function redactUrl(url: string): string {
  return url
    .split(',')
    .map((one) => one.replace(USERINFO, (_all, scheme: string | undefined) => `${scheme ?? ''}${REDACTED}@`))
    .join(',');
}

/** A server URL with its credentials taken out. */
export interface SplitServerUrl {
  /** The URL without credentials, as the client is given it. */
  readonly server: string;
  /** The credentials the URL carried: user and password, or a token; `undefined` when it carried none. */
  readonly auth: Pick<NatsAuthOptions, 'user' | 'pass' | 'token'> | undefined;
}

function decode(part: string, server: string): string {
  try {
    return decodeURIComponent(part);
  } catch (cause) {
    throw new UserError(ErrorCode.TransportUnavailable, `the credentials in the server URL ${redactUrl(server)} are not valid percent-encoding`, {
      fix: 'percent-encode special characters of the user and password in the URL (e.g. %40 for @), or pass them with --user and --password',
      cause,
    });
  }
}

/** Takes the credentials out of one server URL. */
export function splitServerUrl(url: string): SplitServerUrl {
  const match = USERINFO.exec(url);
  if (!match) return { server: url, auth: undefined };
  const server = `${match[1] ?? ''}${url.slice(match[0].length)}`;
  const userinfo = match[2]!;
  const colon = userinfo.indexOf(':');
  if (colon === -1) return { server, auth: { token: decode(userinfo, url) } };
  return { server, auth: { user: decode(userinfo.slice(0, colon), url), pass: decode(userinfo.slice(colon + 1), url) } };
}

/**
 * Takes the credentials out of every server URL. Several URLs of one cluster may each carry them, but they must
 * be the same.
 * @throws {UserError} when URLs carry different credentials.
 */
export function splitServerUrls(urls: readonly string[]): { servers: string[]; auth: SplitServerUrl['auth'] } {
  const split = urls.map(splitServerUrl);
  const given = split.flatMap((s) => (s.auth ? [s.auth] : []));
  const distinct = new Set(given.map((a) => JSON.stringify([a.user, a.pass, a.token])));
  if (distinct.size > 1) {
    throw new UserError(ErrorCode.TransportUnavailable, `the server URLs ${urls.map(redactUrl).join(', ')} carry different credentials`, {
      fix: 'give the credentials once, with --user and --password (or --token), and the URLs without them',
    });
  }
  return { servers: split.map((s) => s.server), auth: given[0] };
}
