import { DataError } from '../../src/core/check.js';
import { DomainError } from '../../src/core/errors.js';

/** Run `fn` and return the error of class `kind` it throws; fail if it throws anything else or nothing. */
export function thrown<E extends Error>(kind: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof kind) return e;
    throw e;
  }
  throw new Error(`expected a ${kind.name}`);
}

/** The DomainError (a refusal, with its catalogue key) that `fn` throws. */
export const refusal = (fn: () => unknown): DomainError => thrown(DomainError, fn);

/** The DataError (a data file that does not match its schema) that `fn` throws. */
export const dataError = (fn: () => unknown): DataError => thrown(DataError, fn);
