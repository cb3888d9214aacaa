// @ts-nocheck
import { DomainError } from '../../src/core/errors.js';

/** Run `fn` and return the DomainError it throws; fail if it throws anything else or nothing. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}
