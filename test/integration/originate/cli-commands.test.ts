import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { exitCodeFor, isCallboardError } from '../../../src-main/core/errors';
import { linkCommand } from '../../../src-main/cli/commands/link';
import { originateCommand } from '../../../src-main/cli/commands/originate';
import { auditCommand } from '../../../src-main/cli/commands/audit';
import type { CliCommand, CliIO } from '../../../src-main/cli/types';
import type { AppContext } from '../../../src-main/core/context';
import { rig, appContext, type Rig } from '../ucm/helpers';

function io(answer: boolean, isTTY = true): CliIO & { out: string; err: string; asked: string[] } {
  const o = {
    out: '',
    err: '',
    asked: [] as string[],
    isTTY,
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.err += t),
    readStdin: async () => '',
    confirm: async (q: string) => {
      o.asked.push(q);
      return answer;
    },
  };
  return o;
}

/** Runs a command the way the CLI runner does: thrown CallboardErrors become exit codes. */
async function run(cmd: CliCommand, argv: string[], i: CliIO, ctx: AppContext): Promise<number> {
  try {
    return await cmd.run(argv, i, ctx);
  } catch (e) {
    if (isCallboardError(e)) {
      i.stderr(e.message + '\n');
      return exitCodeFor(e.code);
    }
    throw e;
  }
}

describe('CLI: link, originate, audit', () => {
  let r: Rig;
  let ctx: AppContext;
  const SECRET = 'cli-canary-secret-0123456789';
  beforeAll(async () => {
    r = await rig({ profile: { operatorExtension: '1000', sipvaultProfileId: 'vault', dialPolicy: { defaultCountry: 'GB' } } as never });
    ctx = await appContext(r);
    await ctx.profiles.upsert({ id: 'vault', name: 'Vault', kind: 'sipvault', baseUrl: 'https://vault.example.com', customerId: 'acme' });
    await ctx.secrets.set('vault', 'hmacSecret', SECRET);
  });
  afterAll(() => r.sim.stop());

  it('link prints the URL; --json adds hash, ts, sig and expiry; --profile accepts a source profile', async () => {
    const a = io(true);
    expect(await run(linkCommand, ['a84b4c76e66710@pc33.atlanta.com', '--at', '1777777777'], a, ctx)).toBe(0);
    expect(a.out).toMatch(/^https:\/\/vault\.example\.com\/call\/26559daabe4d30a3\?cid=acme&callid=a84b4c76e66710%40pc33\.atlanta\.com&ts=493827&sig=[0-9a-f]{32}\n$/);
    const b = io(true);
    expect(await run(linkCommand, ['--profile', 'hq', '--json', '--at', '1777777777', '--', '-odd id'], b, ctx)).toBe(0);
    const j = JSON.parse(b.out) as Record<string, unknown>;
    expect(j).toMatchObject({ ts: 493827, validUntilEpoch: 493829 * 3600, vaultProfileId: 'vault' });
    expect(String(j.url)).toContain('callid=-odd%20id');
    expect(a.out + b.out + a.err + b.err).not.toContain(SECRET);
    expect(await run(linkCommand, ['x', '--at', 'soon'], io(true), ctx)).toBe(1);
  });

  it('originate asks, then dials; refuses by policy with exit code 5; cancels when not confirmed', async () => {
    const yes = io(true);
    expect(await run(originateCommand, ['hq', '020 7946 0000'], yes, ctx)).toBe(0);
    expect(yes.asked[0]).toContain('+442079460000');
    expect(r.sim.dials.at(-1)?.params).toMatchObject({ caller: '1000', outbound: '+442079460000' });
    const n = r.sim.dials.length;
    const premium = io(true);
    expect(await run(originateCommand, ['hq', '0906 123 4567', '--yes'], premium, ctx)).toBe(5);
    expect(premium.err).toMatch(/premium-rate/);
    const no = io(false, false);
    expect(await run(originateCommand, ['hq', '020 7946 0001'], no, ctx)).toBe(4);
    expect(no.err).toContain('--yes');
    expect(r.sim.dials.length).toBe(n);
    expect(await run(originateCommand, ['hq'], io(true), ctx)).toBe(1);
  });

  it('audit lists records as a table and as JSON, filtered', async () => {
    const t = io(true);
    expect(await run(auditCommand, ['--action', 'originate'], t, ctx)).toBe(0);
    expect(t.out.split('\n')[0]).toMatch(/^TIME \([^)]+\)\s+USER\s+ACTION/);
    expect(t.out).toContain('refused');
    const j = io(true);
    expect(await run(auditCommand, ['--json', '--profile', 'hq'], j, ctx)).toBe(0);
    const recs = JSON.parse(j.out) as Array<{ profileId: string; phase: string }>;
    expect(recs.length).toBeGreaterThanOrEqual(3);
    expect(recs.every((x) => x.profileId === 'hq')).toBe(true);
    expect(await run(auditCommand, ['--action', 'dance'], io(true), ctx)).toBe(1);
  });
});
