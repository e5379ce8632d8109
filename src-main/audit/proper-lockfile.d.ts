// The part of proper-lockfile 4.x (MIT, github.com/moxystudio/node-proper-lockfile) that the audit lock
// uses; declared here instead of adding @types/proper-lockfile to the shared dev dependencies.
declare module 'proper-lockfile' {
  export interface LockOptions {
    stale?: number;
    update?: number;
    realpath?: boolean;
    lockfilePath?: string;
    retries?: number | { retries?: number; factor?: number; minTimeout?: number; maxTimeout?: number; randomize?: boolean };
    onCompromised?: (err: Error) => void;
  }
  export function lock(file: string, options?: LockOptions): Promise<() => Promise<void>>;
}
