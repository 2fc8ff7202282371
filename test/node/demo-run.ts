// `npm start` as a person runs it: its own process group (a terminal's Ctrl-C reaches every process in it),
// on free ports, its output read as it comes, its child services found by their command lines.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  return typeof address === 'object' && address ? address.port : 0;
}

export class DemoRun {
  readonly process: ChildProcess;
  #output = '';

  constructor(env: { TPE_DEMO_PORT: number; TPE_DEV_TENANT_PORT: number; TPE_PROXY_PORT: number }) {
    const ports = Object.fromEntries(Object.entries(env).map(([name, port]) => [name, String(port)]));
    this.process = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-demo.ts'], { cwd: root, env: { ...process.env, ...ports }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    for (const stream of [this.process.stdout!, this.process.stderr!]) stream.setEncoding('utf8').on('data', (chunk: string) => (this.#output += chunk));
  }

  get output(): string {
    return this.#output;
  }

  /** Resolves with the first match of `pattern` in what it printed from `after` on; rejects if it exits first. */
  printed(pattern: RegExp, after = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.#output.slice(after));
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`npm start exited before printing ${pattern}:\n${this.#output}`));
      };
      const cleanup = () => {
        this.process.stdout!.off('data', check);
        this.process.stderr!.off('data', check);
        this.process.off('exit', onExit);
      };
      this.process.stdout!.on('data', check);
      this.process.stderr!.on('data', check);
      this.process.once('exit', onExit);
      check();
    });
  }

  /** The pid of its child running `entry` (e.g. dev-tenant/src/main.ts), from `ps`. */
  childPid(entry: string): number | undefined {
    const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
    for (const line of table.split('\n')) {
      const [pid, ppid, ...args] = line.trim().split(/\s+/);
      if (Number(ppid) === this.process.pid && args.includes(entry)) return Number(pid);
    }
    return undefined;
  }

  /** What a terminal's Ctrl-C does: SIGINT to every process of the group. Resolves with its exit code. */
  async interrupt(): Promise<number | null> {
    const exit = once(this.process, 'exit');
    process.kill(-this.process.pid!, 'SIGINT');
    const [code] = (await exit) as [number | null];
    return code;
  }

  /** After a failed test: nothing of it is left running. */
  kill(): void {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    try {
      process.kill(-this.process.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
