/**
 * Ids (sweep and trial ids) may contain '.', which separates subject tokens and is not allowed in stream, consumer
 * or KV key positions. Both transports put an id in a subject as one token, with '.' written as '=', a character
 * that ids never contain (see `id` in ../messages.ts), so the mapping is one-to-one.
 */

/** The subject token (and KV key part) that stands for `id`. */
export function idToken(id: string): string {
  return id.replaceAll('.', '=');
}

/** A prefix must be one subject token that is also valid in stream and bucket names. */
export const PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
