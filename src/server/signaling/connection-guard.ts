import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

/** Connection limits of the signaling endpoint. */
export interface ConnectionLimits {
  /** Most open signaling connections in total. */
  maxConnections: number;
  /** Most open signaling connections from one client address. */
  maxConnectionsPerIp: number;
  /** How often every socket is pinged; one that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** Peers whose `X-Forwarded-For` is believed (a reverse proxy in front of the server). */
  trustedProxies: readonly string[];
}

/** Why an upgrade is refused before it becomes a WebSocket. */
export interface Refusal {
  status: 429 | 503;
  reason: string;
}

/** Strips the IPv4-mapped prefix so `::ffff:10.0.0.1` and `10.0.0.1` count as one client. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Counts signaling connections per client address and in total, refuses upgrades past the
 * caps, and drops sockets that stop answering pings (a vanished client, a half-open TCP
 * connection). One instance per server.
 */
export class ConnectionGuard {
  readonly #limits: ConnectionLimits;
  readonly #perIp = new Map<string, number>();
  readonly #alive = new WeakMap<WebSocket, boolean>();
  readonly #sockets = new Set<WebSocket>();
  readonly #heartbeat: ReturnType<typeof setInterval>;

  constructor(limits: ConnectionLimits) {
    this.#limits = limits;
    this.#heartbeat = setInterval(() => this.#beat(), limits.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Open signaling connections. */
  get size(): number {
    return this.#sockets.size;
  }

  /**
   * The client's address: the socket's peer, or — only when that peer is a trusted proxy —
   * the nearest untrusted hop of `X-Forwarded-For`.
   */
  clientAddress(req: IncomingMessage): string {
    let address = normalize(req.socket.remoteAddress ?? 'unknown');
    const trusted = this.#limits.trustedProxies;
    if (!trusted.includes(address)) return address;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => normalize(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (hop === '') break;
      address = hop;
      if (!trusted.includes(hop)) break;
    }
    return address;
  }

  /** Whether one more connection from `address` is allowed; a refusal says why. */
  check(address: string): Refusal | undefined {
    if (this.#sockets.size >= this.#limits.maxConnections) {
      return { status: 503, reason: 'the server has too many connections' };
    }
    if ((this.#perIp.get(address) ?? 0) >= this.#limits.maxConnectionsPerIp) {
      return { status: 429, reason: 'too many connections from this address' };
    }
    return undefined;
  }

  /** Counts `socket` against `address` until it closes, and watches it with the heartbeat. */
  track(socket: WebSocket, address: string): void {
    this.#sockets.add(socket);
    this.#perIp.set(address, (this.#perIp.get(address) ?? 0) + 1);
    this.#alive.set(socket, true);
    const alive = () => this.#alive.set(socket, true);
    socket.on('pong', alive);
    socket.on('message', alive);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      const count = (this.#perIp.get(address) ?? 1) - 1;
      if (count === 0) this.#perIp.delete(address);
      else this.#perIp.set(address, count);
    });
  }

  /** Stops the heartbeat (server shutdown). */
  close(): void {
    clearInterval(this.#heartbeat);
  }

  #beat(): void {
    for (const socket of this.#sockets) {
      if (this.#alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      this.#alive.set(socket, false);
      try {
        socket.ping();
      } catch {
        socket.terminate();
      }
    }
  }
}
