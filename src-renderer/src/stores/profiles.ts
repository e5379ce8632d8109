/**
 * Profiles as main reports them: settings plus, per secret name, only whether it is set.
 * Secret VALUES never enter this store (they go straight from a password field to `secrets:set`).
 */
import { create } from 'zustand';
import type { ResponseOf } from '../../../src-main/ipc/contract';
import type { Profile, ProfileKind } from '../../../src-main/profiles/schema';
import { bridge, unwrap, ApiError } from '../api';

export type ProfileView = ResponseOf<'profiles:list'>['profiles'][number];
export type KindInfo = ResponseOf<'profiles:kinds'>['kinds'][number];
export type TestResult = ResponseOf<'connection:test'>;

import type { FieldErrors } from '../../../src-main/core/errors';
export type { FieldErrors };

export interface SaveOutcome {
  ok: boolean;
  profile?: Profile;
  message?: string;
  fields: FieldErrors;
}

interface ProfilesState {
  profiles: ProfileView[];
  kinds: KindInfo[];
  problem: string | null;
  loading: boolean;
  /** True once a list came back (so "no profiles" means none, not "not asked yet"). */
  loaded: boolean;
  loadError: string | null;
  tests: Record<string, { running: boolean; result?: TestResult; error?: string }>;
  load(): Promise<void>;
  save(profile: Record<string, unknown>, isNew: boolean): Promise<SaveOutcome>;
  remove(id: string): Promise<void>;
  setSecret(profileId: string, name: string, value: string): Promise<void>;
  clearSecret(profileId: string, name: string): Promise<void>;
  test(profileId: string): Promise<TestResult | null>;
  trust(profileId: string, fingerprint: string): Promise<void>;
}

export const useProfiles = create<ProfilesState>((set, get) => ({
  profiles: [],
  kinds: [],
  problem: null,
  loading: false,
  loaded: false,
  loadError: null,
  tests: {},

  async load() {
    set({ loading: true });
    try {
      const cb = bridge();
      const [list, kinds] = await Promise.all([unwrap(cb.profiles.list({})), get().kinds.length ? null : unwrap(cb.profiles.kinds({}))]);
      set({ profiles: list.profiles, problem: list.problem ?? null, loadError: null, loaded: true, ...(kinds ? { kinds: kinds.kinds } : {}) });
    } catch (e) {
      set({ loadError: e instanceof Error ? e.message : 'Could not load profiles.' });
    } finally {
      set({ loading: false });
    }
  },

  async save(profile, isNew) {
    try {
      const res = await unwrap(bridge().profiles.save({ profile, isNew }));
      await get().load();
      return { ok: true, profile: res.profile, fields: {} };
    } catch (e) {
      const message = e instanceof Error ? e.message : 'Saving failed.';
      return { ok: false, message, fields: e instanceof ApiError ? e.fields : {} };
    }
  },

  async remove(id) {
    await unwrap(bridge().profiles.delete({ id }));
    await get().load();
  },

  async setSecret(profileId, name, value) {
    await unwrap(bridge().secrets.set({ profileId, name, value }));
    await get().load();
  },

  async clearSecret(profileId, name) {
    await unwrap(bridge().secrets.clear({ profileId, name }));
    await get().load();
  },

  async test(profileId) {
    set((s) => ({ tests: { ...s.tests, [profileId]: { running: true } } }));
    try {
      const result = await unwrap(bridge().connection.test({ profileId }));
      set((s) => ({ tests: { ...s.tests, [profileId]: { running: false, result } } }));
      return result;
    } catch (e) {
      set((s) => ({ tests: { ...s.tests, [profileId]: { running: false, error: e instanceof Error ? e.message : 'Test failed.' } } }));
      return null;
    }
  },

  async trust(profileId, fingerprint) {
    await unwrap(bridge().connection.trust({ profileId, fingerprint }));
    await get().load();
  },
}));

/** A backend's name as main's descriptor gives it (`profiles:kinds`); the kind itself until they loaded. */
export function kindLabel(kind: ProfileKind): string {
  return useProfiles.getState().kinds.find((k) => k.kind === kind)?.label ?? kind;
}

export type Capability = ProfileView['capabilities'][number];

/** The backends offering a capability, by name ("Grandstream UCM or Kamailio SIP proxy"), for texts that say where it exists. */
export function kindsWith(cap: Capability, join: 'and' | 'or' = 'or'): string {
  const l = useProfiles.getState().kinds.filter((k) => k.capabilities.includes(cap)).map((k) => k.label);
  return l.length <= 1 ? (l[0] ?? 'no backend') : `${l.slice(0, -1).join(', ')} ${join} ${l[l.length - 1]}`;
}

/** Whether a profile can do something: main says so per profile (its backend's capabilities). */
export function can(view: ProfileView | undefined, cap: Capability): boolean {
  return !!view && view.capabilities.includes(cap);
}

/** The profiles that can do something, in list order. */
export function profilesWith(views: readonly ProfileView[], cap: Capability): Profile[] {
  return views.filter((v) => v.capabilities.includes(cap)).map((v) => v.profile);
}

/** Whether the profile with this id can do something (for rows that carry only a profile id). */
export function profileCan(profileId: string, cap: Capability): boolean {
  return can(useProfiles.getState().profiles.find((p) => p.profile.id === profileId), cap);
}
