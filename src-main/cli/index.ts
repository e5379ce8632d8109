// Entry point of the `callboard` bin (bundled to out/cli/callboard.cjs).
import { runCli } from './main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`callboard: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 4;
  },
);
