/**
 * The VoIPmonitor simulator in its own process with pre-rendered replies (--cache), so a benchmark times
 * only the client's work. Shared by the live poll and NOC watch benchmarks.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface SimChild {
  port: number;
  send(msg: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimChild(count: number): Promise<SimChild> {
  const child: ChildProcess = fork('test/sims/voipmonitor/standalone.ts', ['--count', String(count), '--seed', '42', '--aes', '--cache'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString().split('\n')[0]!) as { port: number };
  return {
    port,
    send: async (msg) => {
      const done = once(child, 'message');
      child.send(msg);
      await done;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
