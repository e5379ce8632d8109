/**
 * The LiveSource of a profile, from its backend's `liveCalls` capability (backends/registry.ts).
 */
import type { LiveSource } from '../../domain/live-call';
import type { Profile } from '../../profiles/schema';
import type { AppContext } from '../../core/context';
import type { LiveSourceOptions } from '../../core/backend';
import { requireCapability } from '../../backends/registry';

export type { LiveSourceOptions } from '../../core/backend';

export function createLiveSource(ctx: AppContext, profile: Profile, opts: LiveSourceOptions = {}): LiveSource {
  return requireCapability(profile, 'liveCalls')(ctx, profile, opts);
}

/** Poll interval of a profile: its own setting when it has one, else 2 s. */
export function pollIntervalMs(profile: Profile): number {
  const s = 'pollIntervalSec' in profile && typeof profile.pollIntervalSec === 'number' ? profile.pollIntervalSec : 2;
  return Math.round(s * 1000);
}

/** How the live service makes a source (tests substitute their own). */
export type LiveSourceFactory = (ctx: AppContext, profile: Profile, opts: LiveSourceOptions) => LiveSource;
