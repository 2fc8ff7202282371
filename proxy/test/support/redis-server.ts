import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** Debian's package puts it here; `.ci/run` installs it when missing (scripts/ensure-redis.mjs). */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** Why the Redis tests cannot run here, or undefined when they can. */
export function redisMissing(): string | undefined {
  const found = spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' });
  return found.error || found.status !== 0 ? `${REDIS_SERVER} is not installed: apt-get install redis-server (or set REDIS_SERVER)` : undefined;
}

export interface TestRedis {
  url: string;
  /** Kills it at once (SIGKILL), as a crash would; the data goes with it (no persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open but nothing is answered, as with a Redis stuck or overloaded. */
  freeze(): void;
  /** Lets a frozen Redis go on (SIGCONT). */
  thaw(): void;
  stop(): Promise<void>;
}

/** A free loopback port, asked of the kernel, for a server that cannot be told to pick one itself. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/**
 * A real redis-server, the one an operator would run, on TPE_TEST_REDIS_PORT (a free port by default), with
 * no persistence, so a test starts from nothing and a kill loses everything.
 */
export async function startRedis(): Promise<TestRedis> {
  const port = Number(process.env.TPE_TEST_REDIS_PORT) || (await freePort());
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: started.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        if (line.includes('Ready to accept connections')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  const stop = async () => {
    child?.kill('SIGCONT');
    await kill();
  };
  return { url: `redis://127.0.0.1:${port}`, kill, restart: start, stop, freeze: () => void child?.kill('SIGSTOP'), thaw: () => void child?.kill('SIGCONT') };
}
