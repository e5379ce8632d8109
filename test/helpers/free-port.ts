import dgram from 'node:dgram';
import net from 'node:net';

/** A TCP port free on 127.0.0.1 right now, for a server that needs its port before it starts (sshd, mariadbd). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/**
 * Waits until a server we started accepts TCP connections on 127.0.0.1:`port`, polling every 100 ms;
 * fails at once when the process exits, and after `seconds` (bounded: never loops forever).
 */
export async function waitForPort(port: number, child: { exitCode: number | null }, what: string, seconds = 10): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start listening within ${seconds} s`);
}

/** A UDP port free on 127.0.0.1 right now (a SIP listener that needs its port before it starts). */
export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.on('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}
