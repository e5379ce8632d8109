/**
 * One request per connection, reply until EOF (docs/VOIPMONITOR.md, Wire protocol: framing): write the request in one
 * write, half-close, collect at most `maxWireBytes`, time the whole exchange out, then decode.
 */
import type { Duplex } from 'node:stream';
import { CallboardError } from '../../core/errors';
import { encryptRequest, type AesMaterial } from './cipher';
import { buildCommandLine, emptyReplyAllowed, type JsonArg, type ManagerCommand } from './commands';
import { decodeReply } from './reply';
import { netError, type ManagerTransport } from './transport';

export interface ManagerClientOptions {
  sensor: string;
  transport: ManagerTransport;
  aes: AesMaterial | null;
  timeoutMs: number;
  /** Bytes accepted on the wire per reply (compressed/encrypted). */
  maxWireBytes?: number;
  /** Bytes accepted after inflating. */
  maxBodyBytes?: number;
}

export type CommandArgs = { json: { [k: string]: JsonArg } } | { tokens: string[] };

export const DEFAULT_MAX_WIRE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;

export class ManagerClient {
  readonly sensor: string;
  constructor(private readonly opts: ManagerClientOptions) {
    this.sensor = opts.sensor;
  }

  get transportDescription(): string {
    return this.opts.transport.describe;
  }

  /** Sends one allowlisted command and returns the decoded (decrypted, inflated) body. */
  async request(cmd: ManagerCommand, args?: CommandArgs, signal?: AbortSignal): Promise<Buffer> {
    const line = buildCommandLine(cmd, args);
    const payload = this.opts.aes ? encryptRequest(this.opts.aes, line) : Buffer.from(line + '\r\n\r\n', 'utf8');
    const raw = await this.exchange(cmd, payload, signal);
    return decodeReply(
      { sensor: this.sensor, command: cmd, aes: this.opts.aes, emptyOk: emptyReplyAllowed(cmd), maxBodyBytes: this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES },
      raw,
    );
  }

  async requestText(cmd: ManagerCommand, args?: CommandArgs, signal?: AbortSignal): Promise<string> {
    return (await this.request(cmd, args, signal)).toString('utf8');
  }

  private async exchange(cmd: string, payload: Buffer, signal?: AbortSignal): Promise<Buffer> {
    const { timeoutMs, transport, sensor } = this.opts;
    const maxWire = this.opts.maxWireBytes ?? DEFAULT_MAX_WIRE_BYTES;
    if (signal?.aborted) throw new CallboardError('cancelled', `Request to sensor ${sensor} was cancelled.`);
    const started = Date.now();
    const stream: Duplex = await transport.open(timeoutMs);
    const remaining = Math.max(1, timeoutMs - (Date.now() - started));
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (err: CallboardError | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        stream.removeAllListeners('data');
        if (err) {
          stream.destroy();
          reject(err);
        } else {
          stream.destroy();
          resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
        }
      };
      const onAbort = () => finish(new CallboardError('cancelled', `Request to sensor ${sensor} was cancelled.`));
      const timer = setTimeout(
        () => finish(new CallboardError('timeout', `Sensor ${sensor} did not finish answering ${cmd} within ${timeoutMs} ms (${transport.describe}).`)),
        remaining,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxWire) {
          finish(new CallboardError('protocol', `Sensor ${sensor} sent more than ${Math.round(maxWire / 1048576)} MiB for ${cmd}; Callboard stopped reading. Use a filter or a limit.`));
          return;
        }
        chunks.push(c);
      });
      stream.once('end', () => finish(null));
      stream.once('close', () => finish(null));
      stream.once('error', (e: NodeJS.ErrnoException) => {
        finish(e instanceof CallboardError ? e : netError(sensor, transport.describe, e));
      });
      // One write, then half-close: the sniffer sees a complete request in its first recv (manager.cpp, manager_read_thread).
      stream.write(payload);
      stream.end();
    });
  }
}
