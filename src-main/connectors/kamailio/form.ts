/** The Kamailio profile form (fields of connectors/kamailio/profile.ts). */
import { SIPVAULT_REF_FIELD, type FormField } from '../../core/form';

export const KAMAILIO_FORM: readonly FormField[] = [
  {
    path: 'rpcUrl',
    label: 'JSON-RPC URL',
    type: 'text',
    placeholder: 'https://proxy.example.com:5061/RPC',
    help: 'The TLS listener of the proxy and the path its xhttp route hands to jsonrpc_dispatch().',
    group: 'Connection',
  },
  { path: 'auth', label: 'Authentication', type: 'select', options: ['basic', 'none'], initial: 'basic', group: 'Connection' },
  { path: 'user', label: 'User', type: 'text', when: [{ path: 'auth', is: ['basic'] }], help: 'Checked by the proxy’s xhttp route (docs/KAMAILIO.md).', group: 'Connection' },
  { path: 'tlsCertSha256', label: 'Pinned certificate', type: 'text', help: 'Filled when you accept the proxy’s certificate on first contact.', group: 'Connection' },
  { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '10000', group: 'Connection' },
  { path: 'pollIntervalSec', label: 'Poll every (s)', type: 'number', initial: '2', group: 'Live calls' },
  { path: 'maxDialogs', label: 'Most dialogs expected', type: 'number', initial: '10000', group: 'Live calls' },
  { ...SIPVAULT_REF_FIELD, group: 'Links' },
];
