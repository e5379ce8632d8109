/**
 * One argument reader for every command: Node's own `util.parseArgs` (strict: an unknown or misspelt
 * option is an error, never silently ignored, because an ignored filter widens a search), the
 * positional count checked against the command's usage, and the few value checks commands share
 * (whole numbers, decimals, one of a list). Every mistake is a `usage` error (exit 1) in words.
 * https://nodejs.org/api/util.html#utilparseargsconfig
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CallboardError } from '../core/errors';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * The positional arguments a command takes, by name, in order: `required` ones, then `optional` ones,
 * then (with `rest`) any number more.
 */
export interface Positionals<R extends string, P extends string> {
  required?: readonly R[];
  optional?: readonly P[];
  rest?: boolean;
}

export interface ReadArgs<O extends Options, R extends string, P extends string> {
  values: Parsed<O>['values'];
  args: Record<R, string> & Partial<Record<P, string>>;
  /** Positionals after the named ones (only with `rest`). */
  rest: string[];
}

/** Quotes what the operator typed, cut short so a pasted blob does not flood the terminal. */
export const typed = (v: string): string => `"${v.slice(0, 20)}${v.length > 20 ? '…' : ''}"`;

function usageError(usage: string, why?: string): CallboardError {
  return new CallboardError('usage', `${why ? `${why}\n` : ''}Usage: ${usage.includes('\n') ? `\n  ${usage}` : usage}`);
}

/**
 * Parses `argv` with `options` and names the positionals. The usage text is the command's own, so
 * every "wrong arguments" message ends with how to call it.
 */
export function readArgs<const O extends Options, const R extends string = never, const P extends string = never>(
  usage: string,
  argv: string[],
  options: O,
  positionals: Positionals<R, P> = {},
): ReadArgs<O, R, P> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (e instanceof TypeError && code.startsWith('ERR_PARSE_ARGS')) throw usageError(usage, e.message);
    throw e;
  }
  const given = parsed.positionals;
  const req = positionals.required ?? [];
  const opt = positionals.optional ?? [];
  if (given.length < req.length) throw usageError(usage);
  const named = req.length + opt.length;
  if (!positionals.rest && given.length > named) {
    throw usageError(usage, named === 0 ? `This command takes no argument, got ${typed(given[0] ?? '')}.` : `Too many arguments (from ${typed(given[named] ?? '')} on).`);
  }
  const args: Record<string, string> = {};
  [...req, ...opt].forEach((name, i) => {
    const v = given[i];
    if (v !== undefined) args[name] = v;
  });
  // Every required name was filled above (given.length >= req.length), which the type states.
  return { values: parsed.values, args: args as Record<R, string> & Partial<Record<P, string>>, rest: given.slice(named) };
}

/** `--name N`: a whole number of at most `digits` digits, or undefined when the option was not given. */
export function wholeNumber(name: string, v: string | undefined, digits = 9): number | undefined {
  if (v === undefined) return undefined;
  if (!new RegExp(`^\\d{1,${digits}}$`).test(v)) throw new CallboardError('usage', `--${name} needs a whole number, got ${typed(v)}.`);
  return Number(v);
}

/** `--name 3.5`: a small decimal (up to 3 digits each side), or undefined when not given. */
export function decimalNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(v)) throw new CallboardError('usage', `--${name} needs a number like 3.5, got ${typed(v)}.`);
  return Number(v);
}

/** `--name X` where X is one of `choices` (case-insensitive); returns the choice as spelt in the list. */
export function oneOf<T extends string>(name: string, v: string | undefined, choices: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  const hit = choices.find((c) => c.toLowerCase() === v.toLowerCase());
  if (hit === undefined) throw new CallboardError('usage', `--${name} must be one of ${choices.join(', ')}, not ${typed(v)}.`);
  return hit;
}

/** Refuses two options that cannot be combined (e.g. `--json` and `--csv`). */
export function atMostOne(values: Record<string, unknown>, ...names: string[]): void {
  const given = names.filter((n) => values[n] !== undefined && values[n] !== false);
  if (given.length > 1) throw new CallboardError('usage', `Choose one of ${given.map((n) => `--${n}`).join(' and ')}.`);
}

/** Options a command cannot run without (e.g. `--from` and `--to`): returns them, all present. */
export function required<K extends string>(usage: string, given: Record<K, string | undefined>): Record<K, string> {
  const missing = (Object.keys(given) as K[]).filter((k) => given[k] === undefined);
  if (missing.length) throw usageError(usage, `Missing ${missing.map((n) => `--${n}`).join(' and ')}.`);
  return given as Record<K, string>;
}
