import { ChatError, ErrorCode } from './chat-error.js';
import { assertWellFormed } from './text-rules.js';

/** The longest reason a moderator may give, in characters. */
export const MAX_REASON_LENGTH = 512;

/** Text of `min` to `max` characters once trimmed, well-formed; `invalid_input` naming `field` otherwise. */
export function requireText(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw new ChatError(ErrorCode.invalidInput, `${field} must be a string`, { field });
  const text = value.trim();
  if (text.length < min || text.length > max) {
    const range = min === 0 ? `at most ${max}` : `${min} to ${max}`;
    throw new ChatError(ErrorCode.invalidInput, `${field} must be ${range} characters`, { field });
  }
  assertWellFormed(text, field);
  return text;
}

/** An integer from `min` to `max` (a number, not a numeric string); `invalid_input` naming `field` otherwise. */
export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ChatError(ErrorCode.invalidInput, `${field} must be an integer from ${min} to ${max}`, { field });
  }
  return value;
}

/** A moderator's reason: absent or blank is none; at most {@link MAX_REASON_LENGTH} characters. */
export function optionalReason(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const reason = requireText(value, 'reason', 0, MAX_REASON_LENGTH);
  return reason === '' ? null : reason;
}

const CHANNEL_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,31}$/u;

/** A channel's name: 1 to 32 letters, digits, `-` and `_`, lower-cased. */
export function channelName(value: unknown): string {
  const name = requireText(value, 'name', 1, 32).toLowerCase();
  if (!CHANNEL_NAME.test(name)) {
    throw new ChatError(ErrorCode.invalidInput, 'name may hold letters, digits, - and _ only', { field: 'name' });
  }
  return name;
}

/** A channel's topic: at most 300 characters once trimmed. */
export const channelTopic = (value: unknown): string => requireText(value, 'topic', 0, 300);

/** The longest slow mode, in seconds: six hours. */
export const MAX_SLOW_MODE_SECONDS = 21_600;

/** A channel's slow mode: whole seconds from 0 (off) to {@link MAX_SLOW_MODE_SECONDS}. */
export const slowModeSeconds = (value: unknown): number => requireInteger(value, 'slowModeSeconds', 0, MAX_SLOW_MODE_SECONDS);
