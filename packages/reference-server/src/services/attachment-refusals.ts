import { ChatError, ErrorCode } from './chat-error.js';

/** The refusal of a file over the size limit. */
export function tooLarge(maxBytes: number): ChatError {
  return new ChatError(ErrorCode.payloadTooLarge, `files may be at most ${maxBytes} bytes`, { field: 'body' });
}

/** The refusal of a compressed upload. */
export function compressedBody(): ChatError {
  return new ChatError(
    ErrorCode.unsupportedMediaType,
    'compressed uploads are not accepted: send the file as it is, without Content-Encoding',
    { field: 'body' },
  );
}

/** The refusal of an attachment that does not exist or that the user may not use or read. */
export function unknownAttachment(id: string, field?: string): ChatError {
  return new ChatError(ErrorCode.unknownAttachment, `no attachment with id ${id} that you may use or read`, {
    ...(field !== undefined && { field }),
  });
}
