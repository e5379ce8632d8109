/**
 * The headless CLI: the same main-process services as the app, for scripting on NOC boxes and for
 * support. Exit codes: 0 ok, 1 usage, 2 configuration, 3 authentication, 4 connection/timeout,
 * 5 refused by policy.
 */
import { exitCodeFor, toPublicError } from '../core/errors';
import { redact, setLogLevel } from '../core/log';
import { createAppContext, resolveConfigDir } from '../services/create-context';
import type { AppContext, Platform } from '../core/context';
import { commands } from './commands';
import { processIO } from './io';
import type { CliIO } from './types';
import { confirmText } from '../core/confirm';
import { termSafe } from './format';

declare const __CALLBOARD_VERSION__: string | undefined;
const VERSION = typeof __CALLBOARD_VERSION__ === 'string' ? __CALLBOARD_VERSION__ : process.env.npm_package_version || '0.0.0';

function help(): string {
  const lines = ['Callboard — NOC operator console, headless commands', '', 'Usage: callboard [--config-dir DIR] [--yes] COMMAND ...', ''];
  for (const c of commands) lines.push(`  ${c.name.padEnd(14)} ${c.summary}`, `      ${c.usage.replace(/\n/g, '\n    ')}`);
  lines.push('', 'Exit codes: 0 ok, 1 usage, 2 configuration, 3 authentication, 4 connection/timeout, 5 refused by policy.');
  lines.push('Config folder: --config-dir, else CALLBOARD_CONFIG_DIR, else the app\'s user-data folder.');
  lines.push('--yes accepts the confirmations Callboard asks before a change that widens where credentials go (new host, pin, import); without a terminal they are refused.');
  return lines.join('\n') + '\n';
}

export interface CliPlatformOptions {
  /** The global --yes flag: the operator confirmed in advance, on the command line. */
  yes?: boolean;
}

/**
 * The CLI has no window: dialogs are replaced by explicit paths, the clipboard by stdout, and main's
 * confirmation by the terminal. Without a terminal (cron, pipes) a change is refused unless the
 * operator gave --yes; the change is printed either way so a log shows what was accepted.
 */
export function cliPlatform(io: CliIO, opts: CliPlatformOptions = {}): Platform {
  return {
    openFile: async () => null,
    saveFile: async () => null,
    writeClipboard: async (text) => io.stdout(text + '\n'),
    openExternal: async (url) => io.stdout(url + '\n'),
    async confirm(req) {
      io.stderr(`${termSafe(confirmText(req), true)}\n`);
      if (opts.yes) {
        io.stderr('Confirmed by --yes.\n');
        return true;
      }
      if (!io.isTTY) {
        io.stderr('Not confirmed: stdin is not a terminal. Check the change above and run again as "callboard --yes ..." to accept it.\n');
        return false;
      }
      return io.confirm(`${req.confirmLabel}?`);
    },
  };
}

export interface RunOptions {
  io?: CliIO;
  /** Tests inject a context (e.g. a fixed clock); normally built from --config-dir. */
  context?: (configDir: string, io: CliIO) => AppContext;
}

export async function runCli(argv: string[], opts: RunOptions = {}): Promise<number> {
  const io = opts.io ?? processIO();
  let configFlag: string | undefined;
  const rest = [...argv];
  // Global option, accepted before the command only, so command arguments are never eaten.
  while (rest[0]?.startsWith('--config-dir')) {
    const a = rest.shift() as string;
    configFlag = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest.shift();
    if (!configFlag) {
      io.stderr('--config-dir needs a folder\n');
      return 1;
    }
  }
  let yes = false;
  for (;;) {
    if (rest[0] === '--verbose') {
      rest.shift();
      setLogLevel('info');
    } else if (rest[0] === '--yes') {
      // Global, before the command: answers main's confirmation dialogs (endpoint, pin, import…).
      rest.shift();
      yes = true;
    } else break;
  }
  const name = rest.shift();
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`callboard ${VERSION}\n`);
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`Unknown command "${name}". Run "callboard help".\n`);
    return 1;
  }
  const configDir = resolveConfigDir(configFlag);
  const ctx = opts.context ? opts.context(configDir, io) : createAppContext({ configDir, platform: cliPlatform(io, { yes }), appVersion: VERSION });
  const json = rest.includes('--json');
  try {
    return await cmd.run(rest, io, ctx);
  } catch (e) {
    // Argument mistakes are already usage errors (cli/args.ts).
    const pub = toPublicError(e);
    if (pub.code === 'internal') io.stderr(redact(`${String((e as Error)?.stack ?? e)}\n`)); // support needs the stack in a terminal
    if (json) io.stdout(JSON.stringify({ error: pub }, null, 2) + '\n');
    io.stderr(`callboard ${name}: ${termSafe(pub.message, true)}\n`);
    return exitCodeFor(pub.code);
  } finally {
    // One-shot: close every backend's pools (SSH to sensors, UCM logout) so nothing holds the process open.
    await ctx.connections.closeAll();
  }
}
