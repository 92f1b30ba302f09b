import type { z } from 'zod';
import { ChatError, ErrorCode } from '../services/chat-error.js';
import { assertWellFormed } from '../services/text-rules.js';

/**
 * Validates a request's query or body against a zod schema; the first problem becomes an
 * `invalid_input` error naming the field.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  assertTextsWellFormed(value, '');
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

/**
 * Every string in a request's query or body, ids included, must be text the storage keeps as
 * given: no lone surrogate, no NUL (which PostgreSQL cannot store). Checked before the schema, so
 * no field of any route can carry one to the database.
 */
function assertTextsWellFormed(value: unknown, path: string): void {
  if (typeof value === 'string') return assertWellFormed(value, path || 'body');
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    assertWellFormed(key, field);
    assertTextsWellFormed(item, field);
  }
}
