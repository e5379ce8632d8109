import type { AppContext } from '../core/context';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of stdin (for secrets: never from argv). */
  readStdin(): Promise<string>;
  /** Asks a yes/no question on the terminal; false when stdin is not a TTY. */
  confirm(question: string): Promise<boolean>;
  isTTY: boolean;
}

/**
 * One CLI command. `run` returns the exit code (0 ok, 1 usage, 2 configuration, 3 authentication,
 * 4 connection/timeout, 5 refused by policy); thrown CallboardErrors are mapped to codes by the runner.
 */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO, ctx: AppContext): Promise<number>;
}
