/** The Wildix profile form (fields of connectors/wildix/profile.ts). */
import { DIAL_POLICY_FIELDS, SIPVAULT_REF_FIELD, type FormField } from '../../core/form';

export const WILDIX_FORM: readonly FormField[] = [
    { path: 'baseUrl', label: 'Base URL', type: 'text', placeholder: 'https://company.wildixin.com', group: 'Connection' },
    { path: 'auth', label: 'Authentication', type: 'select', options: ['s2s', 'basic'], initial: 's2s', group: 'Connection' },
    { path: 'appId', label: 'App ID', type: 'text', when: [{ path: 'auth', not: ['basic'] }], group: 'Connection' },
    { path: 'appName', label: 'App name', type: 'text', when: [{ path: 'auth', not: ['basic'] }], group: 'Connection' },
    { path: 'basicUser', label: 'User', type: 'text', when: [{ path: 'auth', is: ['basic'] }], group: 'Connection' },
    { path: 'tlsCertSha256', label: 'Pinned certificate', type: 'text', group: 'Connection' },
    { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '15000', group: 'Connection' },
    ...DIAL_POLICY_FIELDS,
    { ...SIPVAULT_REF_FIELD, group: 'Links' },
];
