import { randomBytes } from 'node:crypto';

/** A sweep id: the spec name, the UTC time to the second, and 4 random hex digits, e.g. `toy-20261128-121530-a3f9`. */
export function newSweepId(name: string, now: number): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40);
  return `${safe}-${stamp}-${randomBytes(2).toString('hex')}`;
}
