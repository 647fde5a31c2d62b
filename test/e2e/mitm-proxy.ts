import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** Rewrites one server → client text frame; `participantName` is the display name of the receiving page. */
export type FrameRewrite = (frame: Record<string, unknown>, receiver: { displayName: string | undefined }) => Record<string, unknown>;

/**
 * A hostile relay in front of a real server: HTTP passes through untouched, and every
 * WebSocket frame from the server can be rewritten before the page sees it — what a server
 * operator (or anyone on its network path) could do to the roster.
 */
export async function startMitmProxy(upstream: string, rewrite: FrameRewrite): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server: Server = createServer((incoming, outgoing) => {
    const forward = request(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (client, upgrade) => {
    const server = new WebSocket(`ws://${target.host}${upgrade.url ?? '/ws'}`);
    const receiver: { displayName: string | undefined } = { displayName: undefined };
    const early: string[] = [];
    client.on('message', (data) => {
      if (server.readyState === WebSocket.OPEN) server.send(data.toString());
      else early.push(data.toString());
    });
    server.on('open', () => {
      for (const text of early.splice(0)) server.send(text);
    });
    server.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      const self = (frame.data as { self?: { displayName?: string } } | undefined)?.self;
      if (frame.ok === true && self?.displayName !== undefined) receiver.displayName = self.displayName;
      client.send(JSON.stringify(rewrite(frame, receiver)));
    });
    client.on('close', () => server.close());
    server.on('close', (code) => client.close(code === 1005 ? 1000 : code));
    server.on('error', () => client.close());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
