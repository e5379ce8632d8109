/** The UCM profile form (fields of connectors/ucm/profile.ts). */
import { DIAL_POLICY_FIELDS, SIPVAULT_REF_FIELD, type FormField } from '../../core/form';

export const UCM_FORM: readonly FormField[] = [
    { path: 'baseUrl', label: 'Base URL', type: 'text', placeholder: 'https://ucm.example.net:8089', group: 'Connection' },
    { path: 'user', label: 'API user', type: 'text', placeholder: 'cdrapi', group: 'Connection' },
    { path: 'legacyTls', label: 'Allow legacy TLS (old firmware)', type: 'checkbox', initial: false, group: 'Connection' },
    { path: 'tlsCertSha256', label: 'Pinned certificate', type: 'text', group: 'Connection', help: 'Filled in when you accept the certificate shown by "Test connection".' },
    { path: 'pollIntervalSec', label: 'Poll every (s)', type: 'number', initial: '5', group: 'Connection' },
    { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '15000', group: 'Connection' },
    ...DIAL_POLICY_FIELDS,
    { ...SIPVAULT_REF_FIELD, group: 'Links' },
];
