import { Connections } from '../core/connections';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../audit/log';
import { ProfileStore } from '../profiles/store';
import { EndpointBoundSecretStore, SecretBindings } from '../profiles/secret-bindings';
import { KeytarSecretStore, type SecretStore } from '../secrets/keychain';
import { SecretChangeMarks } from '../secrets/change-marks';
import { followChangeMarks } from '../secrets/generation';
import { currentOsUser, type AppContext, type Platform } from '../core/context';

export const APP_NAME = 'Callboard';

/** The same folder Electron's app.getPath('userData') gives for productName "Callboard". */
export function defaultConfigDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
  }
}

/** --config-dir wins, then CALLBOARD_CONFIG_DIR, then the platform default. */
export function resolveConfigDir(flag?: string): string {
  const dir = flag || process.env.CALLBOARD_CONFIG_DIR || defaultConfigDir();
  return path.resolve(dir);
}

export interface CreateContextOptions {
  configDir: string;
  platform: Platform;
  appVersion: string;
  secrets?: SecretStore;
  now?: () => number;
  osUser?: string;
}

export function createAppContext(o: CreateContextOptions): AppContext {
  const now = o.now ?? Date.now;
  const osUser = o.osUser ?? currentOsUser();
  const profiles = new ProfileStore(o.configDir);
  const inner = o.secrets ?? new KeytarSecretStore();
  // Secret changes made by another Callboard process (the CLI, another instance) reach this one
  // through marks in the config folder (secrets/change-marks.ts).
  const marks = new SecretChangeMarks(o.configDir);
  followChangeMarks(inner, (id) => marks.stamp(id));
  return {
    configDir: o.configDir,
    profiles,
    // Secrets are released only for the endpoint they were entered for (profiles/secret-bindings.ts).
    secrets: new EndpointBoundSecretStore(inner, profiles, new SecretBindings(o.configDir), marks),
    audit: new AuditLog({ dir: o.configDir, osUser, now }),
    platform: o.platform,
    now,
    osUser,
    appVersion: o.appVersion,
    connections: new Connections(),
  };
}
