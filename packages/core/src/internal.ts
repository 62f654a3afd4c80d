/**
 * @seqsweep/core/internal: the pieces a Transport implementation in a sibling package (transport-nats) shares with
 * the in-memory one. Not a public API: only seqsweep's own packages import it.
 */
export { callHandler, rethrowLater, warnInvalid, InvalidReports } from './transport/invalid-reports.js';
export { encodeChecked } from './transport/encode-checked.js';
export { linkAbort } from './transport/abort-link.js';
export type { AbortLink } from './transport/abort-link.js';
export { idToken, PREFIX_PATTERN } from './transport/subject-token.js';
export { loadVerified } from './transport/object-digest.js';
export { sizeText } from './transport/object-limits.js';
export type { LoadedObject } from './transport/object-digest.js';
