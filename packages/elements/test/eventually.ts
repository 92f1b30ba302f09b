import { waitUntil } from '@open-wc/testing';

/**
 * `waitUntil` with a timeout long enough for a loaded CI machine (5 s instead of 1 s). It waits
 * for a condition, not for a duration: a passing test takes no longer for it.
 */
export function eventually(
  predicate: () => unknown,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return waitUntil(predicate, message, { timeout: 5000, ...options });
}
