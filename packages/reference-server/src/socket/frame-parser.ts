import { type ClientFrame, ErrorCode, clientFrame } from '@hearth/sdk/protocol';
import type { RawData } from 'ws';
import { ChatError } from '../services/chat-error.js';

const CLIENT_FRAME_TYPES = new Set([
  'hello',
  'subscribe',
  'unsubscribe',
  'send',
  'edit',
  'delete',
  'react',
  'unreact',
  'read',
  'typing',
  'ping',
]);

/** The text of a frame: `ws` hands a text frame over as one Buffer (its default `binaryType`), fragments joined. */
export function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** What {@link readJson} returns for text that is not JSON. */
export const NOT_JSON = Symbol('not JSON');

/** A client frame, or why it is refused and what the refusal refers to. */
export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; error: ChatError; ref: string | undefined };

/** The JSON value of a text frame, or {@link NOT_JSON}. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** Checks a JSON value against the client frame schemas, naming the first bad field. */
export function parseClientFrame(value: unknown): ParsedFrame {
  if (value === NOT_JSON) return { ok: false, error: new ChatError(ErrorCode.invalidJson, 'frame is not valid JSON'), ref: undefined };
  const parsed = clientFrame.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  return { ok: false, error: frameError(value, parsed.error.issues[0]), ref: refOf(value) };
}

/** Whether a frame, valid or not, asks to send a message. */
export function isSend(value: unknown): boolean {
  return (value as { type?: unknown } | null)?.type === 'send';
}

/** What an error about this frame refers to: its `clientId`, else its `messageId`, else its `channelId`. */
export function refOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { clientId, messageId, channelId } = value as { clientId?: unknown; messageId?: unknown; channelId?: unknown };
  if (typeof clientId === 'string') return clientId;
  if (typeof messageId === 'string') return messageId;
  if (typeof channelId === 'string') return channelId;
  return undefined;
}

function frameError(value: unknown, issue: { path: PropertyKey[]; message: string } | undefined): ChatError {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new ChatError(ErrorCode.invalidFrame, 'a frame must be a JSON object with a type');
  }
  if (typeof type !== 'string' || !CLIENT_FRAME_TYPES.has(type)) {
    return new ChatError(ErrorCode.invalidFrame, `unknown frame type ${JSON.stringify(type ?? null)}`, { field: 'type' });
  }
  const field = issue?.path.map(String).join('.') || 'type';
  return new ChatError(ErrorCode.invalidFrame, `${type}.${field}: ${issue?.message ?? 'invalid'}`, { field });
}
