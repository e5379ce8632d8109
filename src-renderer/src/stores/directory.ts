/**
 * Extensions, colleagues and queues of the PBX profiles (UCM `ucm:extensions`, Wildix
 * `wildix:colleagues` / `wildix:queues`) in one shape, cached per profile for the Directory view and
 * the originate dialog's picker.
 */
import { create } from 'zustand';
import { bridge, unwrap, messageOf } from '../api';

export interface DirectoryEntry {
  extension: string;
  name: string;
  /** Plain words: "Idle", "online (away)", … or null when the PBX says nothing. */
  presence: string | null;
  /** true = reachable now, false = not, null = unknown. */
  available: boolean | null;
  detail: string | null;
}

export interface DirectoryQueue {
  id: string;
  name: string;
  strategy: string | null;
  members: string[];
}

export interface DirectoryData {
  entries: DirectoryEntry[];
  queues: DirectoryQueue[];
  loadedAt: number;
}

interface DirectoryState {
  byProfile: Record<string, { loading: boolean; data?: DirectoryData; error?: string }>;
  wildixNote: string | null;
  load(profileId: string, kind: 'ucm' | 'wildix', force?: boolean): Promise<void>;
  loadWildixNote(): Promise<void>;
}

const FRESH_MS = 60_000;

export const useDirectory = create<DirectoryState>((set, get) => ({
  byProfile: {},
  wildixNote: null,

  async load(profileId, kind, force = false) {
    const cur = get().byProfile[profileId];
    if (cur?.loading) return;
    if (!force && cur?.data && Date.now() - cur.data.loadedAt < FRESH_MS) return;
    set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { ...cur, loading: true } } }));
    try {
      let data: DirectoryData;
      if (kind === 'ucm') {
        const { extensions } = await unwrap(bridge().ucm.extensions({ profileId }));
        data = {
          entries: extensions.map((e) => ({
            extension: e.extension,
            name: e.name ?? '',
            presence: [e.status, e.presence].filter(Boolean).join(' · ') || null,
            available: e.outOfService ? false : e.status ? /^(idle|available)$/i.test(e.status) : null,
            detail: [e.type, e.address].filter(Boolean).join(' ') || null,
          })),
          queues: [],
          loadedAt: Date.now(),
        };
      } else {
        const [{ colleagues }, { queues }] = await Promise.all([unwrap(bridge().wildix.colleagues({ profileId })), unwrap(bridge().wildix.queues({ profileId }))]);
        data = {
          entries: colleagues.map((c) => ({
            extension: c.extension,
            name: c.name,
            presence: c.presence ? `${c.presence.online ? 'online' : 'offline'}${c.presence.show ? ` (${c.presence.show})` : ''}${c.presence.message ? `: ${c.presence.message}` : ''}` : null,
            available: c.presence ? c.presence.online && (!c.presence.show || /^(available|online)$/i.test(c.presence.show)) : null,
            detail: c.department,
          })),
          queues,
          loadedAt: Date.now(),
        };
      }
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { loading: false, data } } }));
    } catch (e) {
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { loading: false, error: messageOf(e) } } }));
    }
  },

  async loadWildixNote() {
    if (get().wildixNote) return;
    try {
      const { message } = await unwrap(bridge().wildix.liveCapabilities({}));
      set({ wildixNote: message });
    } catch {
      set({ wildixNote: 'Wildix PBXs cannot list live calls; use a VoIPmonitor sensor for live calls and quality.' });
    }
  },
}));
