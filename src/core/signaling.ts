import {
  checkRequestData,
  parseResponse,
  parseServerFrame,
  type MethodName,
  type RequestData,
  type ResponseData,
} from '../protocol/index.js';
import { TypedEmitter } from './emitter.js';
import { ConnectionError, InvalidResponseError, InvalidStateError, RequestError } from './errors.js';

/** Events of a {@link SignalingClient}. */
export type SignalingEvents = {
  /** A server notification arrived. */
  notification: [name: string, data: unknown];
  /** The socket closed (by either side). `code` and `reason` are the WebSocket close frame's. */
  close: [code: number, reason: string];
};

/** Options of {@link SignalingClient.connect}. */
export interface SignalingOptions {
  /** How long to wait for the socket to open and for each response (default 10 000 ms). */
  timeoutMs?: number;
  /** WebSocket constructor to use; defaults to the global one (pass `ws` in Node). */
  WebSocket?: new (url: string) => WebSocket;
}

interface Pending {
  method: MethodName;
  resolve: (data: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The JSON request/response channel to the meeting server over one WebSocket. Requests are
 * typed by method; responses are matched by id; frames the server sends are validated, and
 * so is every success response's data, against its method's response schema.
 */
export class SignalingClient extends TypedEmitter<SignalingEvents> {
  readonly #socket: WebSocket;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  private constructor(socket: WebSocket, timeoutMs: number) {
    super();
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.addEventListener('message', (event) => this.#onMessage(event.data));
    socket.addEventListener('close', (event) => this.#onClose(event.code, event.reason));
  }

  /** Opens a socket to `url` (a `ws:`/`wss:` URL) and resolves once it is open. */
  static connect(url: string, options: SignalingOptions = {}): Promise<SignalingClient> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const Socket = options.WebSocket ?? globalThis.WebSocket;
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new Socket(url);
      } catch (cause) {
        reject(new ConnectionError('failed', `cannot open a WebSocket to ${url}`, { cause }));
        return;
      }
      const timer = setTimeout(() => {
        socket.close();
        reject(ConnectionError.timeout('connecting', timeoutMs));
      }, timeoutMs);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new SignalingClient(socket, timeoutMs));
      });
      socket.addEventListener('close', () => {
        clearTimeout(timer);
        reject(new ConnectionError('failed', `could not connect to ${url}`));
      });
    });
  }

  /** Whether close() was called or the socket closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends a request and resolves with the server's response data. Rejects with
   * {@link RequestError} (server said no), {@link InvalidResponseError} (the answer does not
   * match the method's response schema), {@link ConnectionError} (timeout or closed) or
   * `TypeError` (data does not match the method's schema; nothing is sent).
   */
  request<M extends MethodName>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    if (this.#closed) return Promise.reject(new InvalidStateError('signaling connection is closed'));
    try {
      checkRequestData(method, data);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(ConnectionError.timeout(`request "${method}"`, this.#timeoutMs));
      }, this.#timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (data: unknown) => void, reject, timer });
      this.#socket.send(JSON.stringify({ id, method, data }));
    });
  }

  /** Closes the socket and rejects pending requests; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#socket.close(1000, 'client closed');
    this.#onClose(1000, 'client closed');
  }

  #onMessage(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame;
    try {
      frame = parseServerFrame(raw);
    } catch (error) {
      this.onListenerError('message', error);
      return;
    }
    if ('notification' in frame) {
      this.safeEmit('notification', frame.notification, frame.data);
      return;
    }
    if (!frame.ok && frame.id === null) {
      const { code, message, retryAfterMs } = frame.error;
      this.onListenerError('message', new RequestError('(unknown)', code, message, { retryAfterMs }));
      return;
    }
    const pending = frame.id === null ? undefined : this.#pending.get(frame.id);
    if (pending === undefined || frame.id === null) return;
    this.#pending.delete(frame.id);
    clearTimeout(pending.timer);
    if (frame.ok) this.#settle(pending, frame.data);
    else {
      const { code, message, retryAfterMs } = frame.error;
      pending.reject(new RequestError(pending.method, code, message, { retryAfterMs }));
    }
  }

  /** Resolves with the answer only when it matches the method's response schema. */
  #settle(pending: Pending, data: unknown): void {
    let parsed: unknown;
    try {
      parsed = parseResponse(pending.method, data);
    } catch (cause) {
      const issue = cause instanceof Error ? cause.message : String(cause);
      pending.reject(new InvalidResponseError(pending.method, issue, { cause }));
      return;
    }
    pending.resolve(parsed);
  }

  #onClose(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new ConnectionError('closed', `connection closed before "${pending.method}" was answered`));
    }
    this.#pending.clear();
    this.safeEmit('close', code, reason);
  }
}
