// A child process: the smallest node:http server, answering every POST with one fixed ACS token body.
// It is both the bench's "instant upstream" (an ACS that costs nothing) and the machine's ceiling.
// PORT (0: any free one, printed); TLS_KEY_FILE and TLS_CERT_FILE make it speak https, as ACS does.
// GET /.bench/stats counts the connections it accepted and the POSTs it answered: whether a server in
// front of it reuses its connections (a TLS handshake per exchange is the costly way).
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

const HOUR_MS = 3600_000;

/** Three base64url parts, like a JWT; nobody verifies it, the proxy only passes it on. */
function jwtLookingString(): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor((Date.now() + HOUR_MS) / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'bench' })}.${part({ skypeid: 'orgid:bench', scp: 1792, exp })}.${Buffer.alloc(256, 7).toString('base64url')}`;
}

const body = Buffer.from(JSON.stringify({ token: jwtLookingString(), expiresOn: new Date(Date.now() + HOUR_MS).toISOString() }));

const stats = { connections: 0, requests: 0 };

const answer: RequestListener = (request, response) => {
  // Read the request to its end first, so a keep-alive connection stays in step.
  request.resume();
  request.once('end', () => {
    if (request.method === 'GET' && request.url === '/.bench/stats') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-length': 0 }).end();
      return;
    }
    stats.requests += 1;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
};

const { TLS_KEY_FILE: keyFile, TLS_CERT_FILE: certFile } = process.env;
const tls = keyFile && certFile ? { key: readFileSync(keyFile), cert: readFileSync(certFile) } : undefined;
const server = tls ? createHttpsServer(tls, answer) : createHttpServer(answer);
server.on('connection', () => (stats.connections += 1));

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`fixed JSON server listening on ${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
});

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
