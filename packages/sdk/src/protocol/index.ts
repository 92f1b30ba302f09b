/**
 * The Hearth WebSocket protocol: zod/mini schemas of every frame, their inferred types, the close
 * codes and the error codes. The reference server validates with these schemas; a client may opt in
 * to the same validation.
 *
 * @example
 * import { clientFrame } from '@hearth/sdk/protocol';
 * const result = clientFrame.safeParse(JSON.parse(text));
 *
 * @module
 */
export * from './frames.js';
export * from './error-code.js';
export type * from './problem.js';
export * from './seq-reorder.js';
export * from './excerpt.js';
export * from './permissions.js';
