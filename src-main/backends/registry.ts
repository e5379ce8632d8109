/**
 * The one list of backends. Adding a backend is a folder under connectors/ with its descriptor, its
 * profile schema in the profiles/schema.ts union, and one line here (docs/ADDING-A-BACKEND.md).
 *
 * Services ask this module for a capability of a profile; none of them tests a kind.
 */
import { CallboardError } from '../core/errors';
import { capabilitiesOf, type BackendDescriptor, type CapabilityImpls, type CapabilityName } from '../core/backend';
import type { Profile, ProfileKind } from '../profiles/schema';
import { COMMON_FIELDS, type FormField } from '../core/form';
import { voipmonitorBackend } from '../connectors/voipmonitor/descriptor';
import { ucmBackend } from '../connectors/ucm/descriptor';
import { wildixBackend } from '../connectors/wildix/descriptor';
import { sipvaultBackend } from '../connectors/sipvault/descriptor';
import { kamailioBackend } from '../connectors/kamailio/descriptor';

/** Every backend, in the order the UI lists them. The `satisfies` makes a missing kind a compile error. */
const BACKENDS = {
  [voipmonitorBackend.kind]: voipmonitorBackend,
  [ucmBackend.kind]: ucmBackend,
  [wildixBackend.kind]: wildixBackend,
  [sipvaultBackend.kind]: sipvaultBackend,
  [kamailioBackend.kind]: kamailioBackend,
} satisfies { [K in ProfileKind]: BackendDescriptor<Extract<Profile, { kind: K }>> };

/** A descriptor seen through the registry: it accepts any profile, and is only handed its own kind's. */
export type AnyBackend = BackendDescriptor<Profile>;

export function backendOf(kind: ProfileKind): AnyBackend {
  return BACKENDS[kind];
}

export function allBackends(): AnyBackend[] {
  return Object.values(BACKENDS);
}

/** Plain-language names of what a capability gives, for "this profile has no …" messages. */
const WHAT: Record<CapabilityName, string> = {
  liveCalls: 'live calls',
  findLiveCalls: 'live calls to look up',
  userCalls: "users' current calls",
  registrations: 'SIP registrations',
  health: 'health figures',
  callDetail: 'call detail',
  managerFile: 'manager socket',
  cdrSearch: 'call records to search',
  originate: 'click-to-call',
  callState: 'call progress to follow',
  hangup: 'hang-up',
  directory: 'directory of extensions',
  queues: 'call queues',
  signLink: 'link signing',
};

/** Whether this kind's live rows are observed on the wire (media quality, answers seen in SIP). */
export function observesMedia(kind: ProfileKind): boolean {
  return backendOf(kind).observesMedia === true;
}

/** Names of the backends offering a capability ("Grandstream UCM and Wildix PBX"). */
export function labelsWith(name: CapabilityName): string {
  const l = allBackends().filter((b) => typeof b.capabilities[name] === 'function').map((b) => b.label);
  return l.length <= 1 ? (l[0] ?? 'no backend') : `${l.slice(0, -1).join(', ')} and ${l[l.length - 1]}`;
}

export function hasCapability(profile: Profile, name: CapabilityName): boolean {
  return capabilityOf(profile, name) !== undefined;
}

/** The implementation of a capability for this profile, or undefined when its backend (or its settings) have none. */
export function capabilityOf<N extends CapabilityName>(profile: Profile, name: N): CapabilityImpls<Profile>[N] | undefined {
  const b = backendOf(profile.kind);
  const impl = b.capabilities[name];
  if (impl === undefined) return undefined;
  return b.offers && b.offers(profile, name) !== true ? undefined : impl;
}

/** Like capabilityOf, but a profile without the capability is a plain-language 'unsupported' error. */
export function requireCapability<N extends CapabilityName>(profile: Profile, name: N): CapabilityImpls<Profile>[N] {
  const impl = capabilityOf(profile, name);
  if (!impl) {
    const b = backendOf(profile.kind);
    const why = b.capabilities[name] !== undefined ? b.offers?.(profile, name) : undefined;
    if (typeof why === 'string') throw new CallboardError('unsupported', `Profile "${profile.id}" has no ${WHAT[name]}: ${why}`);
    throw new CallboardError('unsupported', `Profile "${profile.id}" is a ${b.label} profile, which has no ${WHAT[name]} (${labelsWith(name)} profiles have).`);
  }
  return impl;
}

/** What `profiles:kinds` tells the renderer about each kind. */
export function kindSummaries(): {
  kind: ProfileKind;
  label: string;
  secrets: { name: string; label: string }[];
  capabilities: CapabilityName[];
  note: string | null;
  cdrForm: { freeText: boolean; sensor: boolean; partyHint: string | null; callerPlaceholder: string | null; calleePlaceholder: string | null };
  fields: FormField[];
  intro: { what: string; asks: [string, string][] };
}[] {
  return allBackends().map((b) => ({
    kind: b.kind,
    label: b.label,
    secrets: [...b.secrets],
    capabilities: capabilitiesOf(b),
    note: b.note ?? null,
    fields: [...COMMON_FIELDS, ...b.fields],
    intro: { what: b.intro.what, asks: b.intro.asks.map(([l, h]) => [l, h]) },
    cdrForm: {
      freeText: b.cdrForm?.freeText ?? false,
      sensor: b.cdrForm?.sensor ?? false,
      partyHint: b.cdrForm?.partyHint ?? null,
      callerPlaceholder: b.cdrForm?.callerPlaceholder ?? null,
      calleePlaceholder: b.cdrForm?.calleePlaceholder ?? null,
    },
  }));
}

/** The capabilities this profile offers now (its backend's, less those its settings do not enable). */
export function profileCapabilities(profile: Profile): CapabilityName[] {
  return capabilitiesOf(backendOf(profile.kind)).filter((n) => capabilityOf(profile, n) !== undefined);
}
