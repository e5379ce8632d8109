/** The SIP VAULT profile form (fields of connectors/sipvault/profile.ts). */
import type { FormField } from '../../core/form';

export const SIPVAULT_FORM: readonly FormField[] = [
    { path: 'baseUrl', label: 'Base URL', type: 'text', placeholder: 'https://vault.example.net', group: 'Connection' },
    { path: 'customerId', label: 'Customer ID', type: 'text', group: 'Connection' },
];
