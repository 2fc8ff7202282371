import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** What came back on a raw connection: the parsed answer (if any) and when the server closed it. */
export interface RawExchange {
  socket: Socket;
  /** Resolves with everything the server sent once it closes the connection. */
  closed: Promise<string>;
}

/**
 * Opens a TCP connection to `url`'s host and port (from `localAddress`, so a test can be a second client
 * machine: all of 127.0.0.0/8 is loopback) and writes `text` as is, for requests no HTTP client would send:
 * silent bodies, headers dribbled out, two Host headers.
 */
export async function rawConnection(url: string, text = '', localAddress?: string): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), localAddress });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.on('error', () => undefined);
  if (text) socket.write(text);
  return { socket, closed };
}

/** The status, lower-cased headers and JSON body of one raw HTTP/1.1 answer. */
export function parseRawAnswer(raw: string): { status: number; headers: Record<string, string>; body: any } { // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read the fields they need
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
}

/** The status of a GET sent from another loopback address, as a second client machine would send it. */
export function statusFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { localAddress, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}
