import type { z } from 'zod';
import { encodeMessage } from '../messages.js';
import { InvalidMessageError } from '../errors.js';

/**
 * Checks an outgoing message against its schema and serialises it, so neither transport ever puts a message on
 * the wire that a reader would reject. A failure is a bug in the caller and throws {@link InvalidMessageError}.
 */
export function encodeChecked<S extends z.ZodType>(schema: S, subject: string, value: z.infer<S>): { value: z.infer<S>; data: Uint8Array } {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InvalidMessageError(subject, `refusing to send: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return { value: parsed.data, data: encodeMessage(parsed.data) };
}
