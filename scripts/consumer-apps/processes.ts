// Every command the check runs, and every server it keeps running, as child processes it can name in an
// error and stop on any exit path.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface Ran {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const running = new Set<ChildProcess>();

/** Runs a command to its end; never throws for a non-zero exit (the caller says what that means). */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      running.delete(child);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.once('close', (code) => {
      running.delete(child);
      resolve({ command: [command, ...args].join(' '), code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The end of a command's output, for a failure message. */
export function tail(ran: Ran, lines = 25): string {
  const text = `${ran.stdout}\n${ran.stderr}`.trim().split('\n');
  return text.slice(-lines).join('\n');
}

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running command and resolves once its output matches `ready` (whose first group is the URL
 * it serves). `timeoutMs` bounds the wait for a server that never says so.
 */
export function serve(command: string, args: string[], options: { cwd: string; ready: RegExp; timeoutMs?: number }): Promise<Server> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const stop = () => stopProcess(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not say it was ready within ${(options.timeoutMs ?? 30_000) / 1000} s:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: string) => {
      output += chunk;
      const url = options.ready.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ url, stop });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => {
      running.delete(child);
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
  running.delete(child);
}

/** Stops whatever is still running (an interrupted run, a failed step). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.allSettled([...running].map(stopProcess));
}
