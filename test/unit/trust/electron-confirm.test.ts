/**
 * Main's confirmation dialog in the Electron app, with electron mocked (its binary cannot be downloaded
 * here): a modal message box on the main window, Cancel first, default and the Escape answer, the
 * change spelled out; only the confirm button is a yes.
 */
import { describe, expect, it, vi } from 'vitest';

const shown: Array<{ win: unknown; opts: Record<string, unknown> }> = [];
let response = 0;

vi.mock('electron', () => ({
  app: {},
  BrowserWindow: class {},
  Notification: class {},
  Tray: class {},
  nativeImage: { createFromBuffer: () => ({}) },
  clipboard: { writeText: () => undefined },
  shell: { openExternal: async () => undefined },
  dialog: {
    showMessageBox: async (win: unknown, opts: Record<string, unknown>) => {
      shown.push({ win, opts });
      return { response, checkboxChecked: false };
    },
  },
}));

describe('electronPlatform().confirm', () => {
  it('shows a modal box on the main window with Cancel as default and cancel button, and says yes only for the confirm button', async () => {
    const { electronPlatform } = await import('../../../src-main/app/platform');
    const win = { id: 'main-window' };
    const platform = electronPlatform(() => win as never);
    const req = { title: 'Change profile "HQ" (hq)?', message: 'Callboard will connect to a different place.', changes: [{ label: 'Base URL', from: 'https://pbx', to: 'https://evil\u202Emoc' }], fingerprints: [{ label: 'Certificate SHA-256', value: 'AB:CD' }], confirmLabel: 'Save change' };
    response = 0;
    expect(await platform.confirm(req)).toBe(false);
    response = 1;
    expect(await platform.confirm(req)).toBe(true);
    const { win: on, opts } = shown[0]!;
    expect(on).toBe(win);
    expect(opts).toMatchObject({ buttons: ['Cancel', 'Save change'], defaultId: 0, cancelId: 0, noLink: true, type: 'warning' });
    expect(String(opts.detail)).toContain('Base URL: https://pbx → https://evil\uFFFDmoc');
    expect(String(opts.detail)).toContain('Certificate SHA-256: AB:CD');
  });
});
