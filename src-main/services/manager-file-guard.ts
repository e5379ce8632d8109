/**
 * `manager_file start PATH` makes the sniffer (running as root) unlink PATH, bind a socket there and
 * chown it: a path chosen by the renderer would let it delete any file on the sensor. So only the
 * profile's own configured socket path or one fixed name family under /tmp is accepted, with no ".."
 * or doubled slashes, and the operator confirms the action in main's dialog.
 */
import { CallboardError } from '../core/errors';
import type { VoipmonitorProfile } from '../profiles/schema';
import type { AppContext } from '../core/context';
import { requireConfirmation } from './confirm-change';

/** The sniffer's default manager socket and siblings of it ("/tmp/vm_manager_socket2"). */
export const MANAGER_FILE_TMP_PATTERN = /^\/tmp\/vm_manager[A-Za-z0-9_-]{0,40}$/;

function configuredSocket(p: VoipmonitorProfile): string | null {
  const t = p.transport;
  if (t.type === 'unix') return t.socketPath;
  if (t.type === 'ssh' && t.mode !== 'tcp') return t.socketPath;
  return null;
}

/** Throws 'policy' for a path the operator may not hand to the sniffer. */
export function checkManagerFilePath(p: VoipmonitorProfile, socketPath: string | undefined): void {
  if (socketPath === undefined) return;
  if (typeof socketPath !== 'string' || socketPath.split('/').includes('..') || socketPath.includes('//') || /[\0-\x1f]/.test(socketPath)) {
    throw new CallboardError('policy', 'That manager socket path is refused: it must be a plain absolute path without "..".');
  }
  const own = configuredSocket(p);
  if (socketPath === own || MANAGER_FILE_TMP_PATTERN.test(socketPath)) return;
  throw new CallboardError(
    'policy',
    `That manager socket path is refused: Callboard only opens the profile's configured socket${own ? ` (${own})` : ''} or a /tmp/vm_manager… socket, because the sensor replaces whatever file is at that path.`,
  );
}

/** Path check plus main's confirmation dialog; throws unless the operator confirmed. */
export async function confirmManagerFile(ctx: AppContext, p: VoipmonitorProfile, action: 'start' | 'stop', socketPath: string | undefined): Promise<void> {
  checkManagerFilePath(p, socketPath);
  const path = action === 'start' ? (socketPath ?? 'the path in the sensor configuration') : '(closed)';
  await requireConfirmation(
    ctx,
    {
      title: action === 'start' ? `Open the manager socket on sensor "${p.name}"?` : `Close the manager socket on sensor "${p.name}"?`,
      message:
        action === 'start'
          ? 'The sensor will replace the file at this path with its manager socket (it runs as root).'
          : 'Tools on the sensor that use the manager socket file stop working until it is opened again.',
      changes: [{ label: 'Manager socket file', from: action === 'start' ? '(closed)' : 'open', to: path }],
      confirmLabel: action === 'start' ? 'Open socket' : 'Close socket',
    },
    `manager_file ${action} was not confirmed; nothing was sent to the sensor.`,
  );
}
