/**
 * Text that came from outside (the wire, a data file, a worker) made safe to show: in a terminal, a log line,
 * results.json or the report. A forged worker name or error must not be able to move the cursor, change the
 * terminal's title or colours, start a line that looks like seqsweep's own, or reorder text with bidi controls.
 */

/** The longest text `safeText` keeps by default, in characters, before the ellipsis. */
export const SAFE_TEXT_MAX = 200;

// C0 controls (newline and tab included), DEL, C1 controls, bidi embeddings/overrides/isolates, and the line and
// paragraph separators: everything that changes where or how later text shows.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escapeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character escaped (`\n`, `\x1b`, `\u202e` …) and cut to `max` characters (then `…`
 * ends it). The cut never splits an escape or a surrogate pair. Anything that is not a string is shown through
 * `String`.
 */
export function safeText(text: unknown, max: number = SAFE_TEXT_MAX): string {
  const s = typeof text === 'string' ? text : String(text);
  const escaped = s.replace(UNSAFE, escapeChar);
  const chars = Array.from(escaped);
  if (chars.length <= max) return escaped;
  let cut = chars.slice(0, Math.max(0, max - 1)).join('');
  // Drop a partial escape at the end, so a cut never leaves a lone backslash sequence.
  cut = cut.replace(/\\(x[0-9a-f]?|u[0-9a-f]{0,3}|)$/u, '');
  return `${cut}…`;
}

/** The longest error text kept from the wire, in characters. */
export const SAFE_ERROR_MAX = 1000;

/**
 * `r` with the free text a worker chose (its name, its backend, its error) made safe to show by {@link safeText}; every other
 * field is checked by the wire schema already.
 */
export function safeResult<T extends { readonly worker: string; readonly backend?: string; readonly error?: string | undefined }>(r: T): T {
  return {
    ...r, worker: safeText(r.worker), ...(r.backend === undefined ? {} : { backend: safeText(r.backend) }),
    ...(r.error === undefined ? {} : { error: safeText(r.error, SAFE_ERROR_MAX) }),
  };
}
