import { createHash } from 'node:crypto';

/** The SHA-256 digest of `data`, as lower-case hex: the digest every data file is named by. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
