import { promises as fs } from 'node:fs';
import { CallboardError } from '../../core/errors';
import type { Alert, WatchSettings } from '../../domain/alerts';
import type { SourceStatus } from '../../domain/live-call';
import { parseWatchSettings, watchStoreFor } from '../../profiles/watch-store';
import { liveObservers } from '../../services/live/observers';
import { WatchService } from '../../services/watch/service';
import { readArgs } from '../args';
import type { CliCommand, CliIO } from '../types';

/** Exit code while a critical alert is open (0 otherwise); 1–5 keep their usual meaning. */
export const EXIT_CRITICAL = 6;

function line(event: string, a: Alert): string {
  return `${new Date().toISOString()}  ${event.toUpperCase().padEnd(7)}  ${a.severity.padEnd(8)}  ${a.ruleName}: ${a.message}\n`;
}

function print(io: CliIO, json: boolean, event: string, a: Alert): void {
  io.stdout(json ? JSON.stringify({ event, alert: a }) + '\n' : line(event, a));
}

/** The settings for one profile: every rule that applies to it, its trunk map, polled by the watch. */
function forProfile(s: WatchSettings, profileId: string, once: boolean): WatchSettings {
  const own = s.profiles.find((p) => p.profileId === profileId);
  return {
    ...s,
    profiles: [{ profileId, watch: true, trunks: own?.trunks ?? [] }],
    // One look cannot show a duration: --once judges the figures as they are now.
    rules: s.rules.filter((r) => r.enabled && (!r.profileIds.length || r.profileIds.includes(profileId))).map((r) => (once ? { ...r, forSec: 0 } : r)),
  };
}

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'Evaluate the alert rules on live data and print alerts as they open and clear',
  usage: `callboard watch PROFILE [--rules FILE] [--once] [--json]\n(exit code 0 while no critical alert is open, ${EXIT_CRITICAL} when one is; --json prints one JSON object per line)`,
  async run(argv, io, ctx) {
    const { values, args: { profile: id } } = readArgs(this.usage, argv, { rules: { type: 'string' }, once: { type: 'boolean' }, json: { type: 'boolean' } }, { required: ['profile'] });
    await ctx.profiles.get(id);
    let settings: WatchSettings;
    if (values.rules) {
      let text: string;
      try {
        text = await fs.readFile(values.rules, 'utf8');
      } catch (e) {
        throw new CallboardError('config', `The rules file ${values.rules} cannot be read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (e as Error).message}.`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new CallboardError('config', `The rules file ${values.rules} is not valid JSON.`);
      }
      settings = parseWatchSettings(json, `The rules file ${values.rules}`);
    } else settings = await watchStoreFor(ctx.configDir).load();
    const once = Boolean(values.once);
    const json = Boolean(values.json);
    const own = forProfile(settings, id, once);
    if (!own.rules.length) io.stderr(`No alert rule applies to ${id}; only the source itself is watched.\n`);
    const watch = new WatchService(ctx, { settings: own, now: () => Date.now(), tickMs: once ? 0 : 1000 });
    let lastError: SourceStatus | null = null;
    let polled = false;
    const probe = {
      calls: (s: string) => {
        if (s === id) polled = true;
      },
      status: (s: SourceStatus) => {
        if (s.sensor === id && s.state === 'error') lastError = s;
      },
    };
    liveObservers(ctx).add(probe);
    if (!once) watch.addListener({ alerts: (changes) => changes.forEach((c) => c.change !== 'updated' && print(io, json, c.change, c.alert)) });
    await watch.start();
    try {
      if (once) {
        const profile = await ctx.profiles.get(id);
        const limit = Date.now() + ('timeoutMs' in profile ? profile.timeoutMs : 15_000) + 5000;
        while (!polled && !lastError && Date.now() < limit) await new Promise((r) => setTimeout(r, 50));
        if (!polled) {
          const msg = (lastError as SourceStatus | null)?.message ?? `${id} did not answer in time.`;
          throw new CallboardError('connection', msg);
        }
        watch.evaluate();
        const open = watch.alerts().filter((a) => a.state !== 'cleared');
        if (json) io.stdout(JSON.stringify({ alerts: open, summary: watch.summary(), kpis: watch.kpis([id])[0] ?? null }) + '\n');
        else if (!open.length) io.stdout(`No alert is open for ${id}.\n`);
        else open.forEach((a) => print(io, false, 'open', a));
      } else {
        await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      }
    } finally {
      liveObservers(ctx).delete(probe);
      await watch.stop();
    }
    return watch.alerts().some((a) => a.state !== 'cleared' && a.severity === 'critical') ? EXIT_CRITICAL : 0;
  },
};
