/**
 * Answers the pre-join's `GET /api/client-config` in the browser tests instead of the test
 * server (which has no such endpoint). Importing this module installs the stub for the file's
 * tests and restores `fetch` after them; each test starts with no consent asked for.
 */
export interface ClientConfigAnswer {
  policy: { version: string; url: string } | null;
  ageGate: boolean;
}

const NONE: ClientConfigAnswer = { policy: null, ageGate: false };

/** What the next config requests get: a configuration, `'fail'` (network error) or `'hang'`. */
export const clientConfig: { answer: ClientConfigAnswer | 'fail' | 'hang'; requests: string[] } = {
  answer: NONE,
  requests: [],
};

const original = globalThis.fetch;

function stubbedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (!new URL(url, location.href).pathname.endsWith('/api/client-config')) return original(input, init);
  clientConfig.requests.push(url);
  const { answer } = clientConfig;
  if (answer === 'fail') return Promise.reject(new TypeError('Failed to fetch'));
  if (answer === 'hang') {
    return new Promise((_resolve, reject) =>
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
    );
  }
  return Promise.resolve(Response.json(answer));
}

before(() => {
  globalThis.fetch = stubbedFetch;
});

beforeEach(() => {
  clientConfig.answer = NONE;
  clientConfig.requests = [];
});

after(() => {
  globalThis.fetch = original;
});
