import { EngineError } from '../engines.js';

// What the OpenAI-compatible engines share: where an endpoint is, and one POST to it with a
// timeout, the caller's abort, a bounded answer and every failure turned into an EngineError.

/** The longest answer read from an endpoint: more is not an answer to a transcription or minutes request. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/** How much of a server's error message is kept in an EngineError. */
const MAX_SERVER_MESSAGE = 300;

/** How an OpenAI-compatible endpoint is reached. */
export interface EndpointOptions {
  /**
   * The API's base URL as OpenAI's client libraries take it, up to and including its version
   * (`https://api.openai.com/v1`, `http://localhost:8000/v1`); the operation's path is appended.
   */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; nothing is sent without one. */
  apiKey?: string;
  /** The longest a request may take, answer included, in ms. */
  timeoutMs: number;
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
}

/** Checks the options every endpoint engine takes; throws `TypeError`/`RangeError` on bad ones. */
export function checkEndpointOptions(options: EndpointOptions & { model: string }): void {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`"baseUrl" expected an absolute URL, got ${JSON.stringify(String(options.baseUrl)).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`"baseUrl" expected an http or https URL, got protocol=${url.protocol}`);
  }
  if (typeof options.model !== 'string' || options.model.trim() === '') {
    throw new TypeError(`"model" expected non-empty string, got type=${typeof options.model}`);
  }
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new RangeError(`"timeoutMs" expected a positive number, got ${options.timeoutMs}`);
  }
}

/** `baseUrl` with `path` appended, whether or not the base ends with a slash. */
export function endpointUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/u, '')}/${path}`;
}

/**
 * POSTs `body` to the endpoint and resolves with its JSON answer (not yet validated). Rejects
 * with an {@link EngineError} — `timeout`, `http` (with the status and the server's own
 * message, shortened), `invalid_response` (not JSON, or too long), `unavailable` (the server
 * cannot be reached) — or, when `signal` aborts, with the signal's reason.
 */
export async function postToEndpoint(
  options: EndpointOptions,
  path: string,
  body: FormData | string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  const headers: Record<string, string> = { accept: 'application/json' };
  // FormData sets its own multipart content type, with the boundary.
  if (typeof body === 'string') headers['content-type'] = 'application/json';
  if (options.apiKey !== undefined && options.apiKey !== '') headers.authorization = `Bearer ${options.apiKey}`;
  const where = endpointUrl(options.baseUrl, path);
  const failure = (error: unknown): never => {
    if (signal?.aborted === true) throw signal.reason;
    if (timeout.aborted) throw new EngineError('timeout', `${where} did not answer within ${options.timeoutMs} ms`);
    if (error instanceof EngineError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new EngineError('unavailable', `${where} cannot be reached: ${message}`, { cause: error });
  };
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(where, { method: 'POST', headers, body, signal: combined, redirect: 'error' });
  } catch (error) {
    return failure(error);
  }
  let text: string;
  try {
    text = await boundedText(response, MAX_ANSWER_BYTES);
  } catch (error) {
    return failure(error);
  }
  if (!response.ok) {
    throw new EngineError('http', `${where} answered ${response.status}: ${serverMessage(text)}`, { status: response.status });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EngineError('invalid_response', `${where} answered with something other than JSON`);
  }
}

/** The answer's body as text, failing once it grows past `maxBytes`. */
async function boundedText(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new EngineError('invalid_response', `the answer is longer than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The server's error message: OpenAI's `{ error: { message } }` when it is that, else the text, shortened. */
function serverMessage(text: string): string {
  let message = text;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error = parsed.error;
      if (typeof error === 'string') message = error;
      else if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') message = error.message;
    }
  } catch {
    // Not JSON: the text itself.
  }
  message = message.replace(/\s+/gu, ' ').trim();
  if (message === '') return '(no message)';
  return message.length > MAX_SERVER_MESSAGE ? `${message.slice(0, MAX_SERVER_MESSAGE)}…` : message;
}
