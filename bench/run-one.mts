// Runs one benchmark module (default export { name, run }) and prints its results as JSON on the last line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { BenchModule } from './types';

const file = process.argv[2];
if (!file) throw new Error('usage: run-one.ts BENCH_FILE');
const mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default: BenchModule };
const results = await mod.default.run();
process.stdout.write('\n@@BENCH@@' + JSON.stringify({ name: mod.default.name, results }) + '\n');
process.exit(0);
