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
