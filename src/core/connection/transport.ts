import type { MethodName, RequestData, ResponseData } from '../../protocol/index.js';
import { SignalingClient, type SignalingEvents, type SignalingOptions } from '../signaling.js';

/**
 * The one way a manager talks to the server: a request on the meeting's signaling
 * connection, answered with the method's validated response data.
 */
export interface SignalingLink {
  request<M extends MethodName>(method: M, data: RequestData<M>): Promise<ResponseData<M>>;
}

/**
 * One open signaling connection, as {@link SignalingClient} is: requests out, notifications
 * and the close in; a request left unanswered rejects with `ConnectionError` (`timeout`),
 * which is how the keepalive notices a half-open socket. A fake that answers like the server
 * stands in for it in tests.
 */
export interface SignalingTransport extends SignalingLink {
  on<E extends keyof SignalingEvents>(event: E, listener: (...args: SignalingEvents[E]) => void): () => void;
  /** Closes the connection; a `close` event follows unless it was closed already. */
  close(): void;
}

/** Opens a signaling connection to a `ws:`/`wss:` URL; rejects with `ConnectionError`. */
export type TransportFactory = (url: string) => Promise<SignalingTransport>;

/** Signaling over a WebSocket: the default transport. */
export function webSocketTransport(options: SignalingOptions = {}): TransportFactory {
  return (url) => SignalingClient.connect(url, options);
}

/** Turns a server base URL into its signaling WebSocket URL. */
export function signalingUrl(server: string): string {
  const url = new URL(server, globalThis.location?.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`"server" expected an http(s) or ws(s) URL, got "${server}"`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws';
  return url.href;
}
