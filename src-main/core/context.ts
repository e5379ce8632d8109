/**
 * What every main-process service and connector gets: the stores and the few platform functions that differ between
 * the Electron app, the headless CLI and the test bridge. Services never import `electron` themselves,
 * so everything below this line runs (and is tested) in plain Node.
 */
import os from 'node:os';
import type { ProfileStore } from '../profiles/store';
import type { SecretStore } from '../secrets/keychain';
import type { AuditLog } from '../audit/log';
import type { Connections } from './connections';
import type { ConfirmRequest } from './confirm';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** A desktop notification for an alert (NOC watch). */
export interface DesktopNotice {
  id: string;
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'critical';
  /** Critical alerts stay on screen until dismissed. */
  sticky: boolean;
  /** Play the system notification sound. */
  sound: boolean;
  /** The operator clicked it: show the alert. */
  onClick?: () => void;
}

export interface Platform {
  /** Returns the chosen path, or null when the operator cancelled. */
  openFile(opts: { title: string; filters: FileFilter[] }): Promise<string | null>;
  saveFile(opts: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
  writeClipboard(text: string): Promise<void>;
  /** Already validated by the caller (https, allowed base). */
  openExternal(url: string): Promise<void>;
  /**
   * Asks the operator, in a dialog main shows itself, to confirm a change that widens where credentials
   * go or what can be dialled (Electron: a modal message box on the main window with Cancel as the
   * default; CLI: the terminal, or an explicit --yes; tests: the fake operator, who refuses by
   * default). Resolves true only for an explicit yes.
   */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** Desktop notification (app: Electron Notification; CLI and tests: none or recorded). */
  notify?(n: DesktopNotice): void;
  /** Tray icon and window badge: the worst open severity and how many alerts are open. */
  setAlertBadge?(b: { count: number; unacknowledged: number; worst: 'info' | 'warning' | 'critical' | null }): void;
}

export interface AppContext {
  configDir: string;
  profiles: ProfileStore;
  secrets: SecretStore;
  audit: AuditLog;
  platform: Platform;
  /** Milliseconds since the epoch; injectable for tests. */
  now(): number;
  /** OS user name, for the audit log. */
  osUser: string;
  appVersion: string;
  /** Pools and sessions of every backend for this context; closed once at shutdown. */
  connections: Connections;
}

export function currentOsUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}
