/**
 * How bytes reach a sensor's manager: TCP, a local unix socket, or SSH (ssh-transport.ts). A transport
 * opens one duplex stream per command; the manager closes it after each reply (docs/VOIPMONITOR.md, Wire protocol: framing).
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { CallboardError } from '../../core/errors';

export interface ManagerTransport {
  /** For messages: "tcp 10.0.0.5:5029", "unix /tmp/vm_manager_socket", "ssh root@host → /tmp/...". */
  readonly describe: string;
  open(timeoutMs: number): Promise<Duplex>;
  close(): Promise<void>;
}

function netError(sensor: string, where: string, e: NodeJS.ErrnoException): CallboardError {
  switch (e.code) {
    case 'ECONNREFUSED':
      return new CallboardError('connection', `Sensor ${sensor} refused the connection at ${where}: is the sniffer running, and are managerip/managerport set to this address?`, { status: e.code });
    case 'ENOENT':
      return new CallboardError('connection', `Sensor ${sensor}: the manager socket file ${where} does not exist (set "managersocket" in voipmonitor.conf or start it with "manager_file start").`, { status: e.code });
    case 'EACCES':
    case 'EPERM':
      return new CallboardError('connection', `Sensor ${sensor}: permission denied on ${where}; the manager socket is readable by root only.`, { status: e.code });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CallboardError('connection', `Sensor ${sensor}: the host name in ${where} could not be resolved.`, { status: e.code });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new CallboardError('connection', `Sensor ${sensor}: ${where} is unreachable from this workstation.`, { status: e.code });
    case 'ECONNRESET':
    case 'EPIPE':
      return new CallboardError('connection', `Sensor ${sensor} dropped the connection at ${where} mid-request; it may be restarting.`, { status: e.code });
    default:
      return new CallboardError('connection', `Could not reach sensor ${sensor} at ${where}${e.code ? ` (${e.code})` : ''}.`, e.code ? { status: e.code } : {});
  }
}

export { netError };

function connectNet(sensor: string, where: string, opts: net.NetConnectOpts, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(opts);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new CallboardError('timeout', `Sensor ${sensor} did not accept a connection at ${where} within ${timeoutMs} ms.`));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(netError(sensor, where, e));
    });
  });
}

export function tcpTransport(sensor: string, host: string, port: number): ManagerTransport {
  const where = `${host}:${port}`;
  return {
    describe: `tcp ${where}`,
    open: (t) => connectNet(sensor, where, { host, port }, t),
    close: async () => {},
  };
}

export function unixTransport(sensor: string, socketPath: string): ManagerTransport {
  return {
    describe: `unix ${socketPath}`,
    open: (t) => connectNet(sensor, socketPath, { path: socketPath }, t),
    close: async () => {},
  };
}
