import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldAcs {
  connectionString: string;
  /** The most requests that were waiting on an answer at one time. */
  readonly mostAtOnce: number;
  /** The most connections the proxy held open to it at one time (a request sent at once needs its own). */
  readonly mostConnections: number;
  /** Object ids read, in the order the requests arrived. */
  readonly read: string[];
  close(): Promise<void>;
}

/**
 * A fake ACS that answers "no assignment" (404), but only in rounds: it holds requests until `round` of them
 * wait (or every one still expected does), then answers them all. A proxy that sent more at once than `round`
 * opened a connection for each (`mostConnections`); one that sent fewer would never be answered, and its test
 * would time out.
 */
export async function startHeldAcs(round: number, expected: number): Promise<HeldAcs> {
  const waiting: ServerResponse[] = [];
  const read: string[] = [];
  let answered = 0;
  let mostAtOnce = 0;
  let open = 0;
  let mostConnections = 0;
  const server = createServer((request, response) => {
    read.push(/assignments\/([^?]+)/.exec(request.url ?? '')?.[1] ?? '');
    waiting.push(response);
    mostAtOnce = Math.max(mostAtOnce, waiting.length);
    if (waiting.length < Math.min(round, expected - answered)) return;
    for (const held of waiting.splice(0)) {
      answered++;
      held.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: 'No assignment.' } }));
    }
  });
  server.on('connection', (socket) => {
    mostConnections = Math.max(mostConnections, ++open);
    socket.once('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    connectionString: `endpoint=${url}/;accesskey=${randomBytes(32).toString('base64')}`,
    get mostAtOnce() {
      return mostAtOnce;
    },
    get mostConnections() {
      return mostConnections;
    },
    read,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
