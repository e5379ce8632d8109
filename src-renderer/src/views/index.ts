/**
 * The view registry: the shell builds its navigation, routes and Ctrl+1..9 shortcuts from this list.
 * To add or replace a view, change one line here (the CDR search and Audit views plug in this way).
 */
import type { ComponentType } from 'react';
import { LiveCallsView } from './LiveCallsView';
import { RegistrationsView } from './RegistrationsView';
import { SettingsView } from './SettingsView';
import { CdrSearchView } from './CdrSearchView';
import { AuditView } from './AuditView';
import { CallView } from './CallView';
import { DirectoryView } from './DirectoryView';
import { AlertsView } from './AlertsView';

export interface ViewDef {
  id: string;
  title: string;
  component: ComponentType;
}

export const views: ViewDef[] = [
  { id: 'live', title: 'Live calls', component: LiveCallsView },
  { id: 'cdr', title: 'CDR search', component: CdrSearchView },
  { id: 'registrations', title: 'Registrations', component: RegistrationsView },
  { id: 'audit', title: 'Audit', component: AuditView },
  { id: 'settings', title: 'Settings', component: SettingsView },
  { id: 'call', title: 'Call view', component: CallView },
  { id: 'directory', title: 'Extensions', component: DirectoryView },
  { id: 'alerts', title: 'Alerts', component: AlertsView },
];
