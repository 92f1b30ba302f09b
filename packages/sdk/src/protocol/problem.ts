import type { ErrorCode } from './error-code.js';

/**
 * The body of a failed Hearth REST call: problem+json (RFC 9457) with Hearth's stable `code` and,
 * for bad input, the `field` at fault. The server always sets `code` to an {@link ErrorCode}; a
 * client reading another server's answer, or one that breaks the contract, may find none.
 *
 * @example
 * const problem = (await res.json()) as Problem;
 * if (problem.code === ErrorCode.unknownChannel) showChannelList();
 */
export interface Problem<Code extends string | undefined = ErrorCode> {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Hearth's stable error code. */
  code: Code;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
}
