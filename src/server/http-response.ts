import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers on every response: no sniffing, no referrer, a strict CSP for the demo page (it
 * connects to its own origin only — 'self' covers ws: and wss: there — and nothing can change
 * its base URL or embed plugins), and devices for this origin only.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob:; " +
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'permissions-policy':
    'camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), autoplay=(self), geolocation=(), payment=(), usb=()',
};

/** An HTTP error answered as `{ "error": message, "code"?: code }` with its status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, message: string, code?: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Sends a JSON body, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** Whether a page on `origin` may call the browser APIs under `allowed` (`*` or a list of origins). */
export function originAllowed(allowed: '*' | readonly string[], origin: string | undefined): boolean {
  return allowed === '*' || (origin !== undefined && allowed.includes(origin.toLowerCase()));
}

/** Whether `origin` is a page on this machine (`localhost`, `127.x.x.x`, `[::1]`, any port). */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return false;
  try {
    const url = new URL(origin);
    const { hostname } = url;
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname))
    );
  } catch {
    return false;
  }
}

/** Whether `address` (a socket's peer) is this machine: 127.0.0.0/8 or ::1, IPv4-mapped or not. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Whether a `Host` header names this machine: localhost, 127.x.x.x or [::1], with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = /^(\[::1\]|[^:\[\]]+)(?::\d{1,5})?$/.exec(host.toLowerCase());
  if (match === null) return false;
  const name = match[1]!;
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Whether a request comes from this machine and was meant for it: a loopback peer, a
 * loopback `Host` (a page on a rebound DNS name fails here) and, if it has one, a loopback
 * `Origin`.
 */
export function isLoopbackRequest(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return (
    isLoopbackAddress(req.socket.remoteAddress) &&
    isLoopbackHost(req.headers.host) &&
    (origin === undefined || isLoopbackOrigin(origin))
  );
}

/**
 * CORS headers for a response to a page on `origin`. The APIs take bearer tokens, never
 * cookies, so credentials are never allowed; with a list of origins the answer varies by origin.
 */
export function corsHeaders(allowed: '*' | readonly string[], origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'access-control-expose-headers': 'content-disposition' };
  if (allowed === '*') return { ...headers, 'access-control-allow-origin': '*' };
  headers.vary = 'origin';
  if (origin !== undefined && originAllowed(allowed, origin)) headers['access-control-allow-origin'] = origin;
  return headers;
}

/** What a CORS preflight answers for the browser APIs. */
export const CORS_PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, HEAD, POST, DELETE',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};
