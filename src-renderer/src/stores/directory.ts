/**
 * Extensions, colleagues and queues of the PBX profiles (`directory:list`, `directory:queues`), in the
 * one shape main's backends word them, cached per profile for the Directory view and the originate
 * dialog's picker.
 */
import { create } from 'zustand';
import type { ResponseOf } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf } from '../api';
import { profileCan } from './profiles';

export type DirectoryEntry = ResponseOf<'directory:list'>['entries'][number];
export type DirectoryQueue = ResponseOf<'directory:queues'>['queues'][number];

export interface DirectoryData {
  entries: DirectoryEntry[];
  queues: DirectoryQueue[];
  loadedAt: number;
}

interface DirectoryState {
  byProfile: Record<string, { loading: boolean; data?: DirectoryData; error?: string }>;
  load(profileId: string, force?: boolean): Promise<void>;
}

const FRESH_MS = 60_000;

export const useDirectory = create<DirectoryState>((set, get) => ({
  byProfile: {},

  async load(profileId, force = false) {
    const cur = get().byProfile[profileId];
    if (cur?.loading) return;
    if (!force && cur?.data && Date.now() - cur.data.loadedAt < FRESH_MS) return;
    set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { ...cur, loading: true } } }));
    try {
      const cb = bridge();
      const [{ entries }, { queues }] = await Promise.all([
        unwrap(cb.directory.list({ profileId })),
        profileCan(profileId, 'queues') ? unwrap(cb.directory.queues({ profileId })) : { queues: [] },
      ]);
      const data: DirectoryData = { entries, queues, loadedAt: Date.now() };
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { loading: false, data } } }));
    } catch (e) {
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { loading: false, error: messageOf(e) } } }));
    }
  },
}));
