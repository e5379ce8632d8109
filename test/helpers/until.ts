/**
 * Waits until `cond()` holds, checking every 20 ms; fails after `ms` with what was awaited. Bounded:
 * a condition that never holds fails the test instead of hanging it.
 */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(what === 'condition' ? 'condition not met in time' : `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
