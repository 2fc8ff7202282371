// A child process: the least any HTTP-parsing proxy does. For each request it makes one request to
// UPSTREAM_URL over a keep-alive agent and relays the answer: no validation, no signing, no JSON.
// PORT (0: any free one, printed); an https upstream's certificate is trusted through NODE_EXTRA_CA_CERTS.
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const upstream = new URL(process.env.UPSTREAM_URL ?? '');
const secure = upstream.protocol === 'https:';
const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
const send = secure ? httpsRequest : httpRequest;

const server = createServer((request, response) => {
  const forwarded = send(upstream, { method: request.method, agent, headers: { 'content-type': 'application/json' } }, (answer: IncomingMessage) => {
    const headers: OutgoingHttpHeaders = { 'content-type': answer.headers['content-type'] ?? 'application/octet-stream' };
    if (answer.headers['content-length'] !== undefined) headers['content-length'] = answer.headers['content-length'];
    response.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(response);
  });
  forwarded.once('error', () => {
    if (!response.headersSent) response.writeHead(502, { 'content-length': 0 });
    response.end();
  });
  request.pipe(forwarded);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`pass-through listening on http://127.0.0.1:${port}`);
});

process.once('SIGTERM', () => {
  server.closeAllConnections();
  agent.destroy();
  server.close(() => process.exit(0));
});
