/**
 * One-off PBX actions the renderer and the CLI ask for by what they do, whatever the backend: hang up a
 * live call, list the directory and queues, one user's current calls. Each is a capability of the
 * profile's backend (backends/registry.ts); a backend without it is a plain-language refusal.
 */
import type { AppContext } from '../core/context';
import type { DirectoryEntry, DirectoryQueue } from '../domain/pbx';
import type { LiveCall } from '../domain/live-call';
import { requireCapability } from '../backends/registry';

/** Ends a live call named by the backend's call handle (LiveCall.channel); the backend audits it. */
export async function hangupCall(ctx: AppContext, profileId: string, handle: string): Promise<{ status: number }> {
  const p = await ctx.profiles.get(profileId);
  return requireCapability(p, 'hangup')(ctx, p, handle);
}

export async function directoryOf(ctx: AppContext, profileId: string): Promise<DirectoryEntry[]> {
  const p = await ctx.profiles.get(profileId);
  return requireCapability(p, 'directory')(ctx, p);
}

export async function queuesOf(ctx: AppContext, profileId: string): Promise<DirectoryQueue[]> {
  const p = await ctx.profiles.get(profileId);
  return requireCapability(p, 'queues')(ctx, p);
}

export async function callsOfUser(ctx: AppContext, profileId: string, extension: string): Promise<LiveCall[]> {
  const p = await ctx.profiles.get(profileId);
  return requireCapability(p, 'userCalls')(ctx, p, extension);
}
