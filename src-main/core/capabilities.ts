/**
 * The names of the capabilities a backend may implement (core/backend.ts has their signatures). Free of
 * imports: the IPC contract and the renderer read it.
 */
export const CAPABILITY_NAMES = [
  'liveCalls', 'findLiveCalls', 'userCalls', 'registrations', 'health', 'callDetail', 'managerFile',
  'cdrSearch', 'originate', 'callState', 'hangup', 'directory', 'queues', 'signLink',
] as const;
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];
