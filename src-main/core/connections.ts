/**
 * Connection state owned by one application context: each backend keeps its pools (UCM sessions,
 * VoIPmonitor sensor connections, Wildix HTTPS agents and clock offsets) here instead of in module
 * globals, so two contexts (the app and a test, two tests) never share a connection, and closing the
 * context closes every pool without per-backend wiring in the app, the CLI or the tests.
 */
export interface Closeable {
  close(): Promise<void> | void;
}

export class Connections {
  private readonly pools = new Map<string, Closeable>();

  /** The context's one instance of a pool, made on first use. `name` is the backend's own label. */
  pool<T extends Closeable>(name: string, create: () => T): T {
    const cur = this.pools.get(name);
    if (cur) return cur as T;
    const made = create();
    this.pools.set(name, made);
    return made;
  }

  /** Closes every pool (best effort, in parallel); a later use makes fresh pools again. */
  async closeAll(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(all.map(async (p) => p.close()));
  }
}

/**
 * Per-profile entries of one pool, keyed by the settings that shape a connection: a profile whose
 * address, credentials generation or pin changed gets a fresh entry and the old one is closed.
 */
export class KeyedPool<T> implements Closeable {
  private readonly entries = new Map<string, { key: string; value: T }>();

  constructor(private readonly dispose: (value: T) => Promise<void> | void) {}

  get(profileId: string, key: string, create: () => T): T {
    const cur = this.entries.get(profileId);
    if (cur && cur.key === key) return cur.value;
    if (cur) void Promise.resolve(this.dispose(cur.value)).catch(() => undefined);
    const value = create();
    this.entries.set(profileId, { key, value });
    return value;
  }

  /** Drops one profile's entry (profile deleted or edited). */
  async drop(profileId: string): Promise<void> {
    const cur = this.entries.get(profileId);
    this.entries.delete(profileId);
    if (cur) await this.dispose(cur.value);
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map(async (e) => this.dispose(e.value)));
  }
}
