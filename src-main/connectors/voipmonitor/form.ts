/** The VoIPmonitor sensor's profile form (fields of connectors/voipmonitor/profile.ts). */
import { SIPVAULT_REF_FIELD, type FieldCondition, type FormField } from '../../core/form';

const SSH: FieldCondition[] = [{ path: 'transport.type', is: ['ssh'] }];

export const VOIPMONITOR_FORM: readonly FormField[] = [
    { path: 'transport.type', label: 'Transport', type: 'select', options: ['tcp', 'unix', 'ssh'], initial: 'tcp', group: 'Connection' },
    { path: 'transport.host', label: 'Host', type: 'text', placeholder: 'sensor.example.net', when: [{ path: 'transport.type', not: ['unix'] }], group: 'Connection' },
    { path: 'transport.port', label: 'Port', type: 'number', initial: '5029', when: [{ path: 'transport.type', is: ['tcp'] }], group: 'Connection' },
    { path: 'transport.port', label: 'SSH port', type: 'number', initial: '22', when: [...SSH], group: 'Connection' },
    { path: 'transport.socketPath', label: 'Manager socket', type: 'text', initial: '/tmp/vm_manager_socket', when: [{ path: 'transport.type', is: ['unix'] }], group: 'Connection' },
    { path: 'transport.socketPath', label: 'Manager socket', type: 'text', initial: '/tmp/vm_manager_socket', when: [...SSH, { path: 'transport.mode', not: ['tcp'] }], group: 'Connection' },
    { path: 'transport.user', label: 'SSH user', type: 'text', when: [...SSH], group: 'Connection' },
    { path: 'transport.auth', label: 'SSH authentication', type: 'select', options: ['key', 'agent', 'password'], initial: 'key', when: [...SSH], group: 'Connection' },
    { path: 'transport.sshKeyPath', label: 'SSH private key file', type: 'text', placeholder: '/home/me/.ssh/id_ed25519', when: [...SSH, { path: 'transport.auth', is: ['key'] }], group: 'Connection' },
    { path: 'transport.mode', label: 'Reach the manager via', type: 'select', options: ['streamlocal', 'exec', 'tcp'], initial: 'streamlocal', when: [...SSH], group: 'Connection', help: 'streamlocal: OpenSSH socket forward; exec: nc -U on the sensor; tcp: port on the sensor.' },
    { path: 'transport.remotePort', label: 'Manager port on the sensor', type: 'number', initial: '5029', when: [...SSH, { path: 'transport.mode', is: ['tcp'] }], group: 'Connection' },
    { path: 'transport.hostKeySha256', label: 'Pinned host key', type: 'text', when: [...SSH], group: 'Connection', help: 'Filled in when you accept the key shown by "Test connection".' },
    { path: 'cipher', label: 'Manager encryption', type: 'select', options: ['none', 'aes-128-cbc', 'aes-256-cbc'], initial: 'none', group: 'Connection' },
    { path: 'pollIntervalSec', label: 'Poll every (s)', type: 'number', initial: '2', group: 'Polling' },
    { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '5000', group: 'Polling' },
    { path: 'timeZone', label: 'Sensor time zone', type: 'text', placeholder: 'Europe/Prague (empty: this computer)', group: 'Polling' },
    { ...SIPVAULT_REF_FIELD, group: 'Links' },
];
