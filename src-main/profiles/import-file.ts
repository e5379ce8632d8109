/**
 * Reading a profiles file someone handed the operator (import). The file is untrusted: only a regular
 * file is opened (a FIFO would block main forever, /dev/zero would never end), it is read through one
 * file handle with a byte cap (no stat-then-read race), its JSON nesting is bounded before parsing,
 * and errors name the file and a position, never its contents.
 */
import { constants, promises as fs } from 'node:fs';
import { CallboardError } from '../core/errors';
import { MAX_PROFILES_FILE_BYTES } from './store';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth';

export async function readImportFile(file: string): Promise<string> {
  let fh: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise hang here before the type check.
    fh = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new CallboardError('config', `Cannot open ${file}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}.`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new CallboardError('config', `${file} is not a regular file; export profiles to a file and import that.`);
    if (st.size > MAX_PROFILES_FILE_BYTES) throw new CallboardError('config', `${file} is larger than ${MAX_PROFILES_FILE_BYTES / 1024 / 1024} MiB; it is not a Callboard profiles file.`);
    const buf = Buffer.alloc(MAX_PROFILES_FILE_BYTES + 1);
    let len = 0;
    while (len < buf.length) {
      const { bytesRead } = await fh.read(buf, len, buf.length - len, len);
      if (bytesRead === 0) break;
      len += bytesRead;
    }
    if (len > MAX_PROFILES_FILE_BYTES) throw new CallboardError('config', `${file} is larger than ${MAX_PROFILES_FILE_BYTES / 1024 / 1024} MiB; it is not a Callboard profiles file.`);
    const text = buf.subarray(0, len).toString('utf8');
    if (jsonDepth(text) > MAX_JSON_DEPTH) throw new CallboardError('config', `${file} nests deeper than ${MAX_JSON_DEPTH} levels; it is not a Callboard profiles file.`);
    return text;
  } finally {
    await fh.close();
  }
}
