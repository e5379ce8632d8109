import { CallboardError } from '../../src-main/core/errors';

/** Awaits a promise that must fail with a CallboardError and returns that error (anything else fails the test). */
export async function errorOf(p: Promise<unknown>): Promise<CallboardError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CallboardError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
