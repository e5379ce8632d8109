import { describe, expect, it } from 'vitest';
import { atMostOne, decimalNumber, oneOf, readArgs, required, wholeNumber } from '../../../src-main/cli/args';
import { CallboardError, exitCodeFor } from '../../../src-main/core/errors';

const USAGE = 'callboard thing PROFILE [--limit N] [--json]';

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CallboardError);
    expect((e as CallboardError).code).toBe('usage');
    expect(exitCodeFor((e as CallboardError).code)).toBe(1);
    return (e as CallboardError).message;
  }
  throw new Error('expected a usage error');
}

describe('cli/args readArgs', () => {
  const opts = { limit: { type: 'string' }, json: { type: 'boolean' } } as const;

  it('names the positionals and types the options', () => {
    const r = readArgs(USAGE, ['edge', '--limit', '5', '--json'], opts, { required: ['profile'] });
    expect(r.args.profile).toBe('edge');
    expect(r.values.limit).toBe('5');
    expect(r.values.json).toBe(true);
    expect(r.rest).toEqual([]);
  });

  it('a misspelt option is a usage error naming it, never ignored (an ignored filter widens a search)', () => {
    const m = usageMessage(() => readArgs(USAGE, ['edge', '--limt', '5'], opts, { required: ['profile'] }));
    expect(m).toContain('--limt');
    expect(m).toContain(`Usage: ${USAGE}`);
  });

  it('a missing required positional shows the usage; too many names the first extra one', () => {
    expect(usageMessage(() => readArgs(USAGE, [], opts, { required: ['profile'] }))).toBe(`Usage: ${USAGE}`);
    expect(usageMessage(() => readArgs(USAGE, ['a', 'b', 'c'], opts, { required: ['profile'] }))).toMatch(/Too many arguments \(from "b" on\)/);
    expect(usageMessage(() => readArgs(USAGE, ['x'], opts))).toMatch(/takes no argument, got "x"/);
  });

  it('optional positionals may be absent; rest collects what follows the named ones', () => {
    const r = readArgs(USAGE, ['set', 'p1'], {}, { required: ['sub', 'profileId'], optional: ['name'], rest: true });
    expect(r.args).toEqual({ sub: 'set', profileId: 'p1' });
    const r2 = readArgs(USAGE, ['set', 'p1', 'password', 'oops'], {}, { required: ['sub', 'profileId'], optional: ['name'], rest: true });
    expect(r2.args.name).toBe('password');
    expect(r2.rest).toEqual(['oops']);
  });

  it('a multi-line usage is indented under "Usage:"', () => {
    expect(usageMessage(() => readArgs('a\n  b', [], {}, { required: ['x'] }))).toBe('Usage: \n  a\n  b');
  });
});

describe('cli/args value checks', () => {
  it('wholeNumber accepts digits within the bound and quotes what was typed otherwise', () => {
    expect(wholeNumber('limit', undefined)).toBeUndefined();
    expect(wholeNumber('limit', '42')).toBe(42);
    expect(usageMessage(() => wholeNumber('limit', '1234567', 6))).toBe('--limit needs a whole number, got "1234567".');
    expect(usageMessage(() => wholeNumber('limit', '-1'))).toContain('"-1"');
    expect(usageMessage(() => wholeNumber('limit', 'x'.repeat(50)))).toContain(`"${'x'.repeat(20)}…"`);
  });

  it('decimalNumber takes "3.5" but not exponent or sign forms', () => {
    expect(decimalNumber('mos-below', '3.5')).toBe(3.5);
    for (const bad of ['1e3', '-2', '3.', '.5', '3,5']) expect(usageMessage(() => decimalNumber('mos-below', bad))).toMatch(/needs a number like 3\.5/);
  });

  it('oneOf is case-insensitive and returns the canonical spelling', () => {
    expect(oneOf('state', 'ok', ['OK', 'Failed'] as const)).toBe('OK');
    expect(usageMessage(() => oneOf('state', 'bogus', ['OK', 'Failed'] as const))).toBe('--state must be one of OK, Failed, not "bogus".');
  });

  it('atMostOne and required', () => {
    expect(() => atMostOne({ json: true, csv: false }, 'json', 'csv')).not.toThrow();
    expect(usageMessage(() => atMostOne({ json: true, csv: true }, 'json', 'csv'))).toBe('Choose one of --json and --csv.');
    expect(required(USAGE, { from: 'a', to: 'b' })).toEqual({ from: 'a', to: 'b' });
    expect(usageMessage(() => required(USAGE, { from: undefined, to: 'b' }))).toMatch(/^Missing --from\.\nUsage:/);
  });
});
