import type { Server } from 'node:http';

/**
 * Caps the connections one remote address may hold open at once. Without it one address can take every
 * file descriptor with silent sockets (1,124 in the attack run) and a caller elsewhere is reset. A
 * connection over the cap is closed before the HTTP parser sees a byte of it, so its request never runs.
 * `exempt` names the peers left uncapped: the trusted balancers (see trust-proxy.ts), which speak for everyone.
 */
export function capConnectionsPerAddress(server: Server, max: number, onRefused: (address: string) => void, exempt: (address: string) => boolean = () => false): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.prependListener('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    if (exempt(address)) return;
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      onRefused(address);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
