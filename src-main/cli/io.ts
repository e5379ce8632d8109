import type { CliIO } from './types';

/** Reads a line from the terminal without echoing it (for secrets typed by hand). */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          process.stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          cleanup();
          return reject(new Error('cancelled'));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

/** Secrets from a pipe can be large-ish (a PEM); anything past this is not a credential. */
const MAX_STDIN = 64 * 1024;

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdin.isTTY),
    async readStdin() {
      if (process.stdin.isTTY) return readHidden('Value (input hidden): ');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of process.stdin) {
        const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
        size += b.length;
        if (size > MAX_STDIN) throw new Error('stdin too large');
        chunks.push(b);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    async confirm(question) {
      if (!process.stdin.isTTY) return false;
      const readline = await import('node:readline/promises');
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        const a = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(a.trim());
      } finally {
        rl.close();
      }
    },
  };
}
