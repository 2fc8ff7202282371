// The servers under test run as child processes, so the load generator (this process) does not share
// their event loop. Each is tracked from the moment it is spawned, so every exit path can stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUTPUT_KEPT = 64 * 1024;
const STOP_GRACE_MS = 5_000;

export interface ChildSpec {
  name: string;
  /** The entry point, relative to `cwd`: a TypeScript one runs with `node --import tsx`, JavaScript with plain node. */
  entry: string;
  args?: string[];
  /** Where it runs; the repository root unless given. */
  cwd?: string;
  /** Options for node itself, before the entry (`--require`, `--cpu-prof`). */
  nodeOptions?: string[];
  env: NodeJS.ProcessEnv;
  /** Ready once its output matches `printed`, or once `probe` (a URL) answers 2xx. */
  ready: { printed: RegExp } | { probe: string };
  readyTimeoutMs?: number;
  /** Run under `taskset -c <cpus>` (which execs node, so the pid stays the server's). */
  cpus?: string;
}

export interface Child {
  name: string;
  pid: number;
  /** The last 64 KB it printed (stdout and stderr), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Every process the bench started; `stopAll` ends them (SIGTERM, then SIGKILL after a grace period). */
export class Children {
  readonly #running = new Set<Child>();

  async start(spec: ChildSpec): Promise<Child> {
    const loader = spec.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const command = [process.execPath, ...loader, ...(spec.nodeOptions ?? []), spec.entry, ...(spec.args ?? [])];
    if (spec.cpus !== undefined) command.unshift('taskset', '-c', spec.cpus);
    const process_ = spawn(command[0]!, command.slice(1), { cwd: spec.cwd ?? ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: string) => {
      output = (output + chunk).slice(-OUTPUT_KEPT);
    };
    process_.stdout!.setEncoding('utf8').on('data', keep);
    process_.stderr!.setEncoding('utf8').on('data', keep);
    const child: Child = {
      name: spec.name,
      pid: process_.pid ?? -1,
      output: () => output,
      stop: async () => {
        await stopProcess(process_);
        this.#running.delete(child);
      },
    };
    this.#running.add(child);
    try {
      await waitUntilReady(process_, spec, () => output);
    } catch (error) {
      await child.stop();
      throw error;
    }
    return child;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.#running].map((child) => child.stop()));
  }
}

async function waitUntilReady(process_: ChildProcess, spec: ChildSpec, output: () => string): Promise<void> {
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 30_000);
  const exited = () => process_.exitCode !== null || process_.signalCode !== null;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`${spec.name} exited (${process_.exitCode ?? process_.signalCode}) before it was ready:\n${output()}`);
    if ('printed' in spec.ready) {
      if (spec.ready.printed.test(output())) return;
    } else {
      const ok = await fetch(spec.ready.probe, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${spec.name} was not ready within ${spec.readyTimeoutMs ?? 30_000} ms:\n${output()}`);
}

async function stopProcess(process_: ChildProcess): Promise<void> {
  if (process_.exitCode !== null || process_.signalCode !== null) return;
  const exit = once(process_, 'exit');
  process_.kill('SIGTERM');
  const killer = setTimeout(() => process_.kill('SIGKILL'), STOP_GRACE_MS);
  await exit;
  clearTimeout(killer);
}

/**
 * `wanted`, or when 0 a loopback port that was free a moment ago: for servers that do not say where they
 * listen (the proxy prints nothing at LOG_LEVEL=warn; the sample prints port 0 when given 0).
 */
export async function portOrFree(wanted: number): Promise<number> {
  return wanted === 0 ? await freePort() : wanted;
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}
