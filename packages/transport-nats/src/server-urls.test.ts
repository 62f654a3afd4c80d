/**
 * Credentials inside server URLs: taken out for the connection, never shown.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '@seqsweep/core';
import { redactUrl, splitServerUrl, splitServerUrls } from './server-urls.js';

describe('redactUrl', () => {
  it('hides user and password, a token, and a password holding "@" or ":"', () => {
    expect(redactUrl('nats://alice:s3cret@nats-host:4222')).toBe('nats://***@nats-host:4222');
    expect(redactUrl('tls://T0KEN@10.0.0.1:4222')).toBe('tls://***@10.0.0.1:4222');
    expect(redactUrl('nats://bob:p@ss:w0rd@host')).toBe('nats://***@host');
    expect(redactUrl('carol:pw@host:4222')).toBe('***@host:4222');
  });

  it('redacts every URL of a comma-separated list and leaves URLs without credentials alone', () => {
    expect(redactUrl('nats://a:1@h1:4222,nats://h2:4222,nats://tok@h3')).toBe('nats://***@h1:4222,nats://h2:4222,nats://***@h3');
    expect(redactUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
    expect(redactUrl('127.0.0.1:4222')).toBe('127.0.0.1:4222');
  });
});

describe('splitServerUrl', () => {
  it('takes out a user and password, percent-decoded', () => {
    expect(splitServerUrl('nats://alice:s%40cret@host:4222')).toEqual({ server: 'nats://host:4222', auth: { user: 'alice', pass: 's@cret' } });
  });

  it('takes a lone userinfo as a token, and leaves a plain URL as it is', () => {
    expect(splitServerUrl('tls://T0KEN@host:4222')).toEqual({ server: 'tls://host:4222', auth: { token: 'T0KEN' } });
    expect(splitServerUrl('nats://host:4222')).toEqual({ server: 'nats://host:4222', auth: undefined });
  });

  it('refuses broken percent-encoding without showing the credentials', () => {
    const error = (() => {
      try {
        splitServerUrl('nats://alice:%zz-s3cret@host:4222');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('nats://***@host:4222');
    expect((error as UserError).message).not.toContain('s3cret');
  });
});

describe('splitServerUrls', () => {
  it('accepts the same credentials on every URL of a cluster', () => {
    expect(splitServerUrls(['nats://u:p@h1:4222', 'nats://h2:4222', 'nats://u:p@h3:4222'])).toEqual({
      servers: ['nats://h1:4222', 'nats://h2:4222', 'nats://h3:4222'], auth: { user: 'u', pass: 'p' },
    });
  });

  it('refuses different credentials on two URLs, naming them redacted', () => {
    expect(() => splitServerUrls(['nats://u:p1@h1:4222', 'nats://u:p2@h2:4222'])).toThrow(/nats:\/\/\*\*\*@h1:4222, nats:\/\/\*\*\*@h2:4222 carry different credentials/);
  });
});
