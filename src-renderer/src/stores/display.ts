/**
 * The display time zone (Settings): kept by main in settings/display.json so the CLI, the CSV export and
 * tickets use the same choice; the window loads it at start and re-renders every time cell on change.
 */
import { create } from 'zustand';
import { displayZone, systemZone, type DisplayZone, type ZoneChoice } from '../../../src-shared/time-format';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from './notices';
import { useProfiles } from './profiles';

interface DisplayState {
  zone: DisplayZone;
  loaded: boolean;
  load(): Promise<void>;
  setChoice(choice: ZoneChoice): Promise<void>;
}

export const useDisplay = create<DisplayState>((set, get) => ({
  zone: displayZone('operator', systemZone()),
  loaded: false,
  async load() {
    try {
      const r = await unwrap(bridge().display.get({}));
      set({ zone: displayZone(r.timeZone, systemZone()), loaded: true });
    } catch {
      set({ loaded: true }); // the operator's zone is the default; nothing to tell
    }
  },
  async setChoice(choice) {
    // Shown at once (the radio must not lag the click); main stores it for the CLI, CSV and tickets.
    const before = get().zone;
    set({ zone: displayZone(choice, systemZone()) });
    try {
      const r = await unwrap(bridge().display.set({ timeZone: choice }));
      set({ zone: displayZone(r.timeZone, systemZone()) });
    } catch (e) {
      set({ zone: before });
      useNotices.getState().error(messageOf(e));
    }
  },
}));

/** The current display zone, for components (re-render on change). */
export function useZone(): DisplayZone {
  return useDisplay((s) => s.zone);
}

/** A profile's own IANA zone when it names one (sensors, Wildix), for the "PBX's or sensor's clock" choice. */
export function sourceZoneOf(profileId: string): string | null {
  const p = useProfiles.getState().profiles.find((v) => v.profile.id === profileId)?.profile;
  return p && 'timeZone' in p && typeof p.timeZone === 'string' && p.timeZone ? p.timeZone : null;
}
