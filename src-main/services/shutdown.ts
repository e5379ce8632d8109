/**
 * Things to close when the app quits (UCM logout, SSH connections, pollers). Services register a
 * closer; shutdown runs them all with a time bound so a dead PBX cannot block the quit.
 */
const closers = new Set<() => Promise<void>>();

export function onShutdown(fn: () => Promise<void>): () => void {
  closers.add(fn);
  return () => closers.delete(fn);
}

export async function shutdownServices(timeoutMs: number): Promise<void> {
  const all = Promise.allSettled([...closers].map((c) => c()));
  await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}
