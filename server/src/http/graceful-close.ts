import type { Server, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';

export interface GracefulClose {
  /** Whether `close` has been called. */
  readonly closing: boolean;
  /**
   * Stops accepting connections and closes the idle ones at once; requests in flight get
   * `graceMs` to finish, then every connection still open is destroyed. Resolves once all have
   * ended, with the number that had to be destroyed.
   */
  close(graceMs: number): Promise<number>;
}

/**
 * Prepares `server` to be closed with a bounded wait. Call before it serves: from then on it
 * follows its connections, and once closing, every answer closes its connection, so a client
 * keeping connections alive cannot send more requests on them.
 */
export function gracefulClose(server: Server): GracefulClose {
  const sockets = new Set<Socket>();
  const answering = new Set<ServerResponse>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.prependListener('request', (_req, res: ServerResponse) => {
    answering.add(res);
    res.on('close', () => answering.delete(res));
    if (closing) res.setHeader('Connection', 'close');
  });
  return {
    get closing() {
      return closing;
    },
    close(graceMs) {
      closing = true;
      for (const res of answering) if (!res.headersSent) res.setHeader('Connection', 'close');
      return new Promise((resolve) => {
        let destroyed = 0;
        const timer = setTimeout(() => {
          destroyed = sockets.size;
          server.closeAllConnections();
        }, graceMs);
        // net.Server's close, not http.Server's: http.Server#close also stops the periodic check
        // that enforces requestTimeout and headersTimeout (Node 20 clears its
        // connectionsCheckingInterval), so a client trickling its request would be cut only when
        // the grace period ends. This stops listening and keeps that check running.
        net.Server.prototype.close.call(server, () => {
          clearTimeout(timer);
          resolve(destroyed);
        });
        server.closeIdleConnections();
        // A connection that has sent nothing yet is idle too, though Node counts it as a request begun.
        for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
      });
    },
  };
}
