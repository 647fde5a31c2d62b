/**
 * Parses a request's target (`req.url`) into a URL without ever throwing: an absolute-form
 * target (`GET http://host/path`) is taken as it is, an origin-form one (`/path?query`)
 * against a fixed base. `undefined` means the target is not a URL at all: answer 400.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (target === undefined || target === '') return undefined;
  // Asterisk-form (OPTIONS *) and authority-form (CONNECT host:port) name no resource here.
  if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) return undefined;
  try {
    return new URL(target, 'http://localhost');
  } catch {
    return undefined;
  }
}
