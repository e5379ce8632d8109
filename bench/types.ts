/** Shape of a benchmark module (bench/*.bench.ts), run by scripts/bench.mjs through bench/run-one.mts. */
export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  /** The issue's budget; the figure passes when value <= budget. */
  budget?: number;
}
export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}
