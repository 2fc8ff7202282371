import { once } from 'node:events';
import { createServer, request, type IncomingMessage } from 'node:http';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/** Sent by a test to pick the instance (0, 1, …) instead of the next in turn; the balancer drops it. */
export const PICK_INSTANCE = 'x-test-instance';
/** Added to each answer: which instance served it. */
export const SERVED_BY = 'x-served-by';

function forwardedFor(incoming: IncomingMessage): string {
  const before = incoming.headers['x-forwarded-for'];
  const peer = incoming.socket.remoteAddress ?? '';
  return before ? `${String(before)}, ${peer}` : peer;
}

/**
 * A load balancer as small as can be: round-robin over `targets`, appending the peer's address to
 * X-Forwarded-For as real balancers do. Listens on TPE_TEST_BALANCER_PORT (any free port by default).
 */
export async function startBalancer(targets: string[]): Promise<Balancer> {
  let turn = 0;
  const server = createServer((incoming, answer) => {
    const picked = incoming.headers[PICK_INSTANCE];
    const index = picked === undefined ? turn++ % targets.length : Number(picked);
    const target = new URL(incoming.url ?? '/', targets[index]);
    const headers: Record<string, string | string[] | undefined> = { ...incoming.headers, 'x-forwarded-for': forwardedFor(incoming), host: target.host };
    delete headers[PICK_INSTANCE];
    const upstream = request(target, { method: incoming.method, headers, agent: false }, (response) => {
      answer.writeHead(response.statusCode ?? 502, { ...response.headers, [SERVED_BY]: String(index) });
      response.pipe(answer);
    });
    upstream.on('error', () => {
      if (!answer.headersSent) answer.writeHead(502, { [SERVED_BY]: String(index) });
      answer.end();
    });
    incoming.pipe(upstream);
  });
  server.listen(Number(process.env.TPE_TEST_BALANCER_PORT ?? 0), '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
