import { TypedEmitter } from '../emitter.js';
import type { SignInChannel, SignInErrorCode, SignInSession } from '../../protocol/sign-in-types.js';

/** The part of `fetch` the client uses; tests and stories pass stubs. */
export type SignInFetch = (input: string, init: RequestInit) => Promise<Response>;

/** Where a sign-in stands. */
export type SignInStep = 'identifier' | 'code' | 'signed-in';

/** Why the last request failed: a code of the sign-in API, or `network` / `bad_response`. */
export type SignInFailure = SignInErrorCode | 'network' | 'bad_response';

/** What the view shows: one object, replaced on every change. */
export interface SignInState {
  step: SignInStep;
  channel: SignInChannel;
  /** What the person typed, sent with the code. */
  identifier: string;
  /** A request is on its way. */
  busy: boolean;
  error: SignInFailure | undefined;
  /** When another code may be asked for (client clock, ms); 0 when it may now. */
  resendAt: number;
  /** The session, once signed in. */
  session: SignInSession | undefined;
}

/** Events of {@link SignInClient}. */
export type SignInEvents = {
  /** The state changed. */
  change: [state: SignInState];
  /** A code was accepted. */
  signedin: [session: SignInSession];
};

/** Options of {@link SignInClient}. */
export interface SignInClientOptions {
  /** Server base URL; an empty string means the page's own origin. */
  server: string;
  /** Replaces the global `fetch`. */
  fetch?: SignInFetch | undefined;
  /** Replaces `Date.now`. */
  now?: () => number;
}

/** A sign-in request the client refused or the server answered with an error. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly code: SignInFailure;

  constructor(code: SignInFailure, message: string) {
    super(message);
    this.code = code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSession(value: unknown): value is SignInSession {
  if (!isRecord(value) || !isRecord(value['user'])) return false;
  const user = value['user'];
  return (
    typeof value['token'] === 'string' &&
    typeof value['csrf'] === 'string' &&
    typeof user['masked'] === 'string' &&
    (user['displayName'] === null || typeof user['displayName'] === 'string')
  );
}

/**
 * The steps of signing in with a one-time code: ask for a code for a phone number or an e-mail
 * address, enter it, get a session. Input goes through the `handle*` methods; the view renders
 * {@link state} and listens to `change`. Every answer of the server is checked before use.
 */
export class SignInClient extends TypedEmitter<SignInEvents> {
  readonly #server: string;
  readonly #fetch: SignInFetch;
  readonly #now: () => number;
  #state: SignInState;
  #region: string | undefined;
  #locale: 'en' | 'zh-Hans' = 'en';

  constructor(options: SignInClientOptions) {
    super();
    this.#server = options.server.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#now = options.now ?? Date.now;
    this.#state = { step: 'identifier', channel: 'phone', identifier: '', busy: false, error: undefined, resendAt: 0, session: undefined };
  }

  /** The current state. */
  get state(): SignInState {
    return this.#state;
  }

  #set(patch: Partial<SignInState>): void {
    this.#state = { ...this.#state, ...patch };
    this.safeEmit('change', this.#state);
  }

  /** Sets the region phone numbers without `+` are read in (`CN`), and the language of the message. */
  handleLocale(locale: 'en' | 'zh-Hans', region: string | undefined): void {
    this.#locale = locale;
    this.#region = region;
  }

  /** Takes a session kept from an earlier sign-in (or `undefined` to forget it). */
  handleSession(session: SignInSession | undefined): void {
    if (session === undefined) this.#set({ step: 'identifier', session: undefined, identifier: '', error: undefined });
    else this.#set({ step: 'signed-in', session, error: undefined });
  }

  /** Switches between phone and e-mail; back to the first step. */
  handleChannel(channel: SignInChannel): void {
    if (this.#state.busy || this.#state.step === 'signed-in') return;
    this.#set({ channel, step: 'identifier', error: undefined });
  }

  /** Back to the first step, to change the number or address. */
  handleBack(): void {
    if (this.#state.busy) return;
    this.#set({ step: 'identifier', error: undefined });
  }

  async #post(path: string, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#server}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      throw new SignInError('network', 'the server could not be reached');
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new SignInError('bad_response', `the server answered ${response.status} without JSON`);
    }
    if (!response.ok) {
      const code = isRecord(answer) && typeof answer['code'] === 'string' ? (answer['code'] as SignInErrorCode) : 'bad_response';
      throw new SignInError(code, isRecord(answer) && typeof answer['error'] === 'string' ? answer['error'] : `status ${response.status}`);
    }
    return answer;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.#set({ busy: true, error: undefined });
    try {
      await work();
      this.#set({ busy: false });
    } catch (error) {
      this.#set({ busy: false, error: error instanceof SignInError ? error.code : 'bad_response' });
    }
  }

  /** Asks for a code for `identifier` on the current channel (also: Resend). */
  handleRequestCode(identifier: string): Promise<void> {
    if (this.#state.busy) return Promise.resolve();
    return this.#run(async () => {
      const answer = await this.#post('/api/sign-in/code', {
        channel: this.#state.channel,
        identifier,
        ...(this.#state.channel === 'phone' && this.#region !== undefined && !identifier.trim().startsWith('+') ? { region: this.#region } : {}),
        locale: this.#locale,
      });
      if (!isRecord(answer) || typeof answer['resendAfterSeconds'] !== 'number') throw new SignInError('bad_response', 'unexpected answer');
      this.#set({ step: 'code', identifier, resendAt: this.#now() + answer['resendAfterSeconds'] * 1000 });
    });
  }

  /** Sends the code the person entered; `name` is the display name to keep, if given. */
  handleVerify(code: string, name?: string): Promise<void> {
    if (this.#state.busy || this.#state.step !== 'code') return Promise.resolve();
    const digits = code.replace(/\D/g, '');
    return this.#run(async () => {
      const { channel, identifier } = this.#state;
      const answer = await this.#post('/api/sign-in/verify', {
        channel,
        identifier,
        code: digits,
        ...(channel === 'phone' && this.#region !== undefined && !identifier.trim().startsWith('+') ? { region: this.#region } : {}),
        ...(name ? { name } : {}),
      });
      if (!isSession(answer)) throw new SignInError('bad_response', 'unexpected answer');
      this.#set({ step: 'signed-in', session: answer });
      this.safeEmit('signedin', answer);
    });
  }

  /** Ends the session on the server and goes back to the first step. */
  handleSignOut(): Promise<void> {
    const session = this.#state.session;
    if (session === undefined || this.#state.busy) return Promise.resolve();
    return this.#run(async () => {
      try {
        await this.#fetch(`${this.#server}/api/sign-out`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: '{}',
        });
      } catch {
        // Signed out here either way; the session runs out on the server.
      }
      this.#set({ step: 'identifier', session: undefined, identifier: '' });
    });
  }
}
