/**
 * The IPC contract is bundled into the sandboxed preload and its types into the renderer, so its
 * import graph must stay free of Node built-ins, native modules and main-only code. Walks the graph
 * of runtime imports (type-only imports are erased) from contract/index.ts.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// zod/mini is zod's tree-shakable entry (src-shared/cdr-query-schema.ts, which the renderer bundles too).
const ALLOWED_PACKAGES = new Set(['zod', 'zod/mini']);

function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(?!type\b)([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of src.matchAll(re)) {
    const clause = m[2] ?? '';
    // `import { type A, type B } from` is erased too.
    if (/^\{\s*(type\s+\w+\s*,?\s*)+\}\s+from\s+$/.test(clause.trim() + ' ')) continue;
    out.push(m[3] as string);
  }
  return out;
}

function resolve(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base + '.ts', path.join(base, 'index.ts'), base]) if (existsSync(c) && c.endsWith('.ts')) return c;
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

describe('IPC contract purity', () => {
  it('reaches only zod and Node-free modules at runtime', () => {
    const start = path.resolve('src-main/ipc/contract/index.ts');
    const seen = new Set<string>();
    const offenders: string[] = [];
    const stack = [start];
    while (stack.length) {
      const f = stack.pop() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const spec of runtimeImports(f)) {
        if (spec.startsWith('.')) {
          const target = resolve(f, spec);
          // A backend's profile schema (connectors/<kind>/profile.ts) is pure zod by convention; the walk
          // continues into it, so a Node import there is still caught.
          const pureProfileSchema = /[\\/]connectors[\\/][a-z0-9-]+[\\/]profile\.ts$/.test(target);
          if (!pureProfileSchema && /[\\/](connectors|services|secrets|app|cli)[\\/]/.test(target)) offenders.push(`${path.relative('.', f)} → ${spec}`);
          stack.push(target);
        } else if (!ALLOWED_PACKAGES.has(spec)) offenders.push(`${path.relative('.', f)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });
});
