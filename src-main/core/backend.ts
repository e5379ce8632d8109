/**
 * What one backend (a PBX, a sensor, a link signer) tells the rest of Callboard about itself: one
 * `BackendDescriptor` in the backend's own folder (connectors/<kind>/descriptor.ts), listed once in
 * backends/registry.ts. Services ask the registry for a capability; they never test a kind.
 *
 * Capabilities are an object of optional implementations, and the capability list the UI sees is
 * derived from the keys present, so a descriptor cannot claim a capability it does not implement:
 * `defineBackend` rejects a key whose value is not the implementation's function type (`true`,
 * `undefined`, a wrong signature) and any key that is not a known capability.
 * See docs/ADDING-A-BACKEND.md.
 */
import type { z } from 'zod';
import { CAPABILITY_NAMES, type CapabilityName } from './capabilities';
import type { FormField } from './form';
import type { AppContext } from './context';
import type { TrustIdentity } from './trust';
import type { CdrSource } from '../domain/cdr';
import type { LiveCall, LiveSource } from '../domain/live-call';
import type { DirectoryEntry, DirectoryQueue } from '../domain/pbx';
import type { CallDetail, Registration, RegistrationState, SensorHealth } from '../domain/voipmonitor';
import type { DialClass } from '../policy/dial-classes';

/** The operator's click-to-call as the originate service hands it to a backend (policy already applied). */
export interface DialRequest {
  /** The operator's own phone (rings first), from the profile: never from the renderer. */
  operatorExtension: string;
  /** Normalised: E.164 or extension digits. */
  destination: string;
  cls: DialClass;
}

export interface DialReply {
  ok: boolean;
  /** PBX reply code (UCM status, HTTP status, Wildix type). */
  code: string | number | null;
  /** Plain language, no secret. */
  message: string;
}

/** Which call a follow-up looks for: the operator's extension and the number it dialled. */
export interface CallStateRequest {
  operatorExtension: string;
  destination: string;
}

export interface RegistrationsQuery {
  user?: string;
  states?: RegistrationState[];
}

/** A structured live-call filter a source may push to the server; the live service still filters text. */
export interface LiveCallFilter {
  caller?: string;
  called?: string;
  /** The number on either side. */
  number?: string;
  callId?: string;
  callerIp?: string;
  calledIp?: string;
  codec?: string;
  connectedOnly?: boolean;
}

export interface LiveSourceOptions {
  filter?: LiveCallFilter;
}

/** A call record search source, optionally told the workstation's context (for its pools). */
export type CdrSourceFactory<P> = (ctx: AppContext, profile: P) => CdrSource;

/**
 * Every capability a backend may offer, with the function that implements it. Methods (not function
 * properties) on purpose: a descriptor for one kind's profile type is then usable where the registry
 * holds descriptors for any profile, and the registry only ever calls it with its own kind's profiles.
 */
export interface CapabilityImpls<P> {
  /** Rows for the live-calls table, polled by the live service. */
  liveCalls(ctx: AppContext, profile: P, opts: LiveSourceOptions): LiveSource;
  /** One-off lookup of live calls by Call-ID or number (the call view). */
  findLiveCalls(ctx: AppContext, profile: P, q: { callId?: string; number?: string }, signal: AbortSignal): Promise<LiveCall[]>;
  /** The calls one user has right now (for PBXs without a PBX-wide live list). */
  userCalls(ctx: AppContext, profile: P, extension: string): Promise<LiveCall[]>;
  /** SIP registrations seen by the backend. */
  registrations(ctx: AppContext, profile: P, q: RegistrationsQuery): Promise<Registration[]>;
  /** Version, load and capture health of the backend. */
  health(ctx: AppContext, profile: P): Promise<SensorHealth>;
  /** All fields and media streams of one live call; `ref` is the part of LiveCall.key after "<profileId>:". */
  callDetail(ctx: AppContext, profile: P, ref: string): Promise<CallDetail>;
  /** Opens/closes the backend's local manager socket; audited by the caller. */
  managerFile(ctx: AppContext, profile: P, action: 'start' | 'stop', socketPath?: string): Promise<string>;
  /** Searching call records (CDRs, call history). */
  cdrSearch(ctx: AppContext, profile: P): CdrSource;
  /** Click-to-call: ring the operator's phone, then the destination. */
  originate(ctx: AppContext, profile: P, req: DialRequest): Promise<DialReply>;
  /** After originate: what the backend shows now for that call (null: nothing). */
  callState(ctx: AppContext, profile: P, req: CallStateRequest): Promise<'ringing' | 'answered' | null>;
  /** Ends one live call, named by the backend's call handle (LiveCall.channel); audited inside. */
  hangup(ctx: AppContext, profile: P, handle: string): Promise<{ status: number }>;
  /** Extensions / colleagues of the PBX. */
  directory(ctx: AppContext, profile: P, signal?: AbortSignal): Promise<DirectoryEntry[]>;
  /** Call queues with their members. */
  queues(ctx: AppContext, profile: P): Promise<DirectoryQueue[]>;
  /** Signs a link for a Call-ID (SIP VAULT). */
  signLink(ctx: AppContext, profile: P, callId: string): Promise<{ url: string; validUntil: string }>;
}

export type { CapabilityName } from './capabilities';
export { CAPABILITY_NAMES } from './capabilities';
// Compile-time check that core/capabilities.ts names exactly the capabilities implemented here.
type Unlisted = Exclude<keyof CapabilityImpls<never>, CapabilityName>;
type Unimplemented = Exclude<CapabilityName, keyof CapabilityImpls<never>>;
const capabilityListMatches: [Unlisted, Unimplemented] extends [never, never] ? true : false = true;
void capabilityListMatches;

/** The identity a backend pins on first contact (TLS certificate or SSH host key). */
export interface TrustPin<P> {
  kind: TrustIdentity['kind'];
  /** The profile with the fingerprint pinned; null when this profile has nothing of that kind to pin. */
  pin(profile: P, fingerprint: string): P | null;
}

export interface BackendDescriptor<P extends { kind: string; id: string } = { kind: string; id: string }> {
  kind: P['kind'];
  /** Product name as the operator knows it ("Grandstream UCM"). */
  label: string;
  /** The zod schema of this kind's profile (also in the profiles/schema.ts union). */
  profileSchema: z.ZodType<P>;
  /** Keychain entry names with labels, in form order. */
  secrets: readonly { name: string; label: string }[];
  /** The profile form's fields beyond id and name (core/form.ts), in order. */
  fields: readonly FormField[];
  /** What a profile of this kind is for, and what its form asks (first-run screen). */
  intro: { what: string; asks: readonly (readonly [string, string])[] };
  /** The secrets this profile's settings actually use (a TCP sensor needs no SSH password); absent: all. */
  neededSecrets?(profile: P): readonly string[];
  /**
   * Where a profile's secrets go: every setting that changes the host, port, socket, user or mode the
   * connector talks to with the stored secrets, label → value (services/confirm-change.ts compares
   * them before a save; secret bindings and trust offers key on them).
   */
  endpoint(profile: P): Record<string, string>;
  /** The identity this profile pins now (label and value), or null when it pins none. */
  pinnedIdentity?(profile: P): { label: string; value: string | undefined } | null;
  /** Where a profile points, in one line ("https://ucm.example:8089 as cdrapi"): CLI lists, logs. */
  summary(profile: P): string;
  /** "Test connection": a plain-language success message, or a CallboardError (TrustRequiredError on first contact). */
  test(ctx: AppContext, profile: P): Promise<string>;
  /** What first contact can pin; several when a backend meets more than one server (a sensor's SSH host and its CDR database). */
  trust?: TrustPin<P> | readonly TrustPin<P>[];
  /** The implementations; the list of capabilities is derived from the keys present. */
  capabilities: Partial<CapabilityImpls<P>>;
  /**
   * For a capability that depends on a profile's settings (a sensor searches call records only with
   * its database block): true when this profile offers it, else the reason in words. Absent: all do.
   */
  offers?(profile: P, name: CapabilityName): true | string;
  /** The linked SIP VAULT profile, when the kind has one. */
  vaultProfileId?(profile: P): string | undefined;
  /** IANA zone of the backend's clock, for showing its times (when configured). */
  timeZone?(profile: P): string | undefined;
  /**
   * Its live rows come from watching the wire (SIP and RTP), not from a PBX's own view: an answered
   * call carries media quality, and a call it shows as up was answered (KPIs and alert rules use this).
   */
  observesMedia?: boolean;
  /** What the operator should know about this backend's limits, shown beside its data ("no PBX-wide live list"). */
  note?: string;
  /** How the CDR search form speaks to this backend: free-text search, and the syntax its caller/callee filters take. */
  cdrForm?: {
    freeText?: boolean;
    /** Accepts the sensor-database filters (Call-ID, SIP code, MOS, loss, codec, IPs, sensor id). */
    sensor?: boolean;
    partyHint?: string;
    callerPlaceholder?: string;
    calleePlaceholder?: string;
  };
}

/** Rejects keys that are not capabilities and values that are not that capability's implementation. */
type ExactCapabilities<P, C> = { [N in keyof C]: N extends CapabilityName ? CapabilityImpls<P>[N] : never };

/**
 * Defines a backend; the profile type comes from `profileSchema`. `capabilities` must be an object
 * whose every key is a capability name bound to its implementation: claiming one without implementing
 * it is a compile error (test/unit/backends/descriptor-types.test.ts shows the compiler refusing).
 */
export function defineBackend<S extends z.ZodType<{ kind: string; id: string }>, C extends Partial<CapabilityImpls<z.output<S>>>>(
  d: DefinedBackend<S, C>,
): DefinedBackend<S, C> {
  return d;
}

export type DefinedBackend<S extends z.ZodType<{ kind: string; id: string }>, C> = Omit<BackendDescriptor<z.output<S>>, 'capabilities' | 'profileSchema'> & {
  profileSchema: S;
  capabilities: C & ExactCapabilities<z.output<S>, C>;
};

/** The capabilities a descriptor implements, derived from the object (never a separate list). */
export function capabilitiesOf(d: { capabilities: Partial<Record<CapabilityName, unknown>> }): CapabilityName[] {
  return CAPABILITY_NAMES.filter((n) => typeof d.capabilities[n] === 'function');
}
