import type { z } from 'zod';
import { ChatError, ErrorCode } from '../services/chat-error.js';

/**
 * Validates a request's query or body against a zod schema; the first problem becomes an
 * `invalid_input` error naming the field.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    throw new ChatError(ErrorCode.invalidInput, `${field}: unknown parameter`, { field });
  }
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new ChatError(ErrorCode.invalidInput, `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
