import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { SignInClient, type SignInFailure, type SignInFetch, type SignInSession, type SignInState } from '../../core/sign-in/index.js';
import { baseStyles, surfaceButtonStyles, type ThemeName } from '../internal/base.styles.js';
import { LocaleController, currentLocale, msg, str } from '../internal/localize.js';
import { signInStyles } from './sign-in.styles.js';
import { WeSignInEvent, WeSignOutEvent } from './sign-in-events.js';

function errorText(error: SignInFailure): string {
  switch (error) {
    case 'invalid_identifier':
      return msg('Check the number or address and try again.', { id: 'sign-in.error.identifier' });
    case 'code_invalid':
      return msg('That code is not right.', { id: 'sign-in.error.code' });
    case 'code_expired':
      return msg('That code has expired. Ask for a new one.', { id: 'sign-in.error.expired' });
    case 'too_many_attempts':
      return msg('Too many wrong codes. Ask for a new one.', { id: 'sign-in.error.attempts' });
    case 'rate_limited':
      return msg('Too many requests. Wait a moment and try again.', { id: 'sign-in.error.rate' });
    default:
      return msg('Something went wrong. Try again.', { id: 'sign-in.error.other' });
  }
}

/**
 * Sign-in with a one-time code for the reference server's standalone deployment: the person
 * picks Phone or Email, enters their number or address, gets a six-digit code and enters it
 * (pasting and the browser's one-time-code autofill work). A timer says when a new code may be
 * asked for. Once signed in it shows the masked number or address and a Sign out button.
 *
 * Phone numbers without `+` are read in `region`: `CN` by default on a page in Chinese.
 *
 * @summary Sign in with a code sent by SMS or e-mail.
 * @fires {WeSignInEvent} we-sign-in - The code was accepted; `session` holds the bearer token, the CSRF token and the masked user.
 * @fires {WeSignOutEvent} we-sign-out - The person signed out.
 * @csspart tabs - The Phone / Email tabs.
 * @csspart form - The form of the current step.
 * @csspart error - An error message.
 * @cssprop [--we-meeting-background] - Background (shared with `<we-meeting>`).
 * @cssprop [--we-meeting-color] - Text colour.
 * @cssprop [--we-meeting-accent] - Focus ring and the chosen tab's underline.
 * @cssprop [--we-meeting-error-color] - Error text colour.
 */
export class WeSignInElement extends LitElement {
  static override styles = [baseStyles, surfaceButtonStyles, signInStyles];

  static override properties = {
    server: { type: String },
    region: { type: String },
    fetch: { attribute: false },
    theme: { type: String, reflect: true },
    _state: { state: true },
    _now: { state: true },
  };

  /** Server base URL; defaults to the page's own origin. */
  declare server: string;
  /** ISO region phone numbers without `+` are read in; `CN` by default on a Chinese page. */
  declare region: string | undefined;
  /** The `fetch` requests go through (JS property only); tests and stories set a stub. */
  declare fetch: SignInFetch | undefined;
  /** Colour theme, `light` or `dark`; without it the system's. */
  declare theme: ThemeName | undefined;
  declare private _state: SignInState;
  declare private _now: number;
  #client: SignInClient | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #locale = new LocaleController(this);

  constructor() {
    super();
    this.server = '';
    this.region = undefined;
    this.fetch = undefined;
    this._now = Date.now();
    this._state = this.#makeClient().state;
  }

  /** The current session, if signed in. Set it to show a session kept from an earlier sign-in. */
  get session(): SignInSession | undefined {
    return this._state.session;
  }

  set session(session: SignInSession | undefined) {
    this.#client!.handleSession(session);
  }

  /** The core the element renders (made again when `server` or `fetch` change). */
  get client(): SignInClient {
    return this.#client!;
  }

  #makeClient(): SignInClient {
    const client = new SignInClient({ server: this.server, fetch: this.fetch });
    client.on('change', (state) => {
      this._state = state;
      this._now = Date.now();
      this.#tick();
    });
    client.on('signedin', (session) => this.dispatchEvent(new WeSignInEvent(session)));
    this.#client = client;
    return client;
  }

  #tick(): void {
    const waiting = this._state.step === 'code' && this._state.resendAt > Date.now();
    if (waiting && this.#timer === undefined && this.isConnected) {
      this.#timer = setInterval(() => {
        this._now = Date.now();
        if (this._now >= this._state.resendAt) this.#stopTimer();
      }, 1000);
    } else if (!waiting) this.#stopTimer();
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTimer();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('fetch')) {
      // A session given before (as a property set together with these) is kept.
      const session = this._state.session;
      const client = this.#makeClient();
      if (session !== undefined) client.handleSession(session);
      this._state = client.state;
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    this.#locale.run(() => {
      const locale = currentLocale();
      this.#client!.handleLocale(locale, this.region ?? (locale === 'zh-Hans' ? 'CN' : undefined));
      super.update(changed);
    });
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#locale.whenReady(() => super.scheduleUpdate());
  }

  #input(name: string): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  }

  #onCodeInput(event: Event): void {
    // Pasted or autofilled codes may come with spaces or dashes: keep the six digits.
    const input = event.target as HTMLInputElement;
    const digits = input.value.replace(/\D/g, '').slice(0, 6);
    if (digits !== input.value) input.value = digits;
  }

  #send(event: Event): void {
    event.preventDefault();
    void this.#client!.handleRequestCode(this.#input('identifier')?.value ?? this._state.identifier);
  }

  #verify(event: Event): void {
    event.preventDefault();
    void this.#client!.handleVerify(this.#input('code')?.value ?? '', this.#input('name')?.value.trim() || undefined);
  }

  async #signOut(): Promise<void> {
    await this.#client!.handleSignOut();
    this.dispatchEvent(new WeSignOutEvent());
  }

  #error(): TemplateResult | typeof nothing {
    const { error } = this._state;
    return error === undefined ? nothing : html`<p role="alert" part="error">${errorText(error)}</p>`;
  }

  #identifierStep(): TemplateResult {
    const { channel, busy, identifier } = this._state;
    const phone = channel === 'phone';
    const tab = (value: 'phone' | 'email', label: string) =>
      html`<button type="button" role="tab" aria-selected=${channel === value ? 'true' : 'false'} ?disabled=${busy}
        @click=${() => this.#client!.handleChannel(value)}>${label}</button>`;
    return html`<div role="tablist" part="tabs">
        ${tab('phone', msg('Phone', { id: 'sign-in.tab.phone' }))}${tab('email', msg('Email', { id: 'sign-in.tab.email' }))}
      </div>
      <form part="form" @submit=${this.#send}>
        <label>${phone ? msg('Phone number', { id: 'sign-in.phone' }) : msg('Email', { id: 'sign-in.email' })}
          <input name="identifier" required .value=${identifier} type=${phone ? 'tel' : 'email'}
            autocomplete=${phone ? 'tel' : 'email'} inputmode=${phone ? 'tel' : 'email'} maxlength="254" /></label>
        ${this.#error()}
        <button type="submit" ?disabled=${busy}>${msg('Send code', { id: 'sign-in.send' })}</button>
      </form>`;
  }

  #codeStep(): TemplateResult {
    const { busy, identifier, resendAt } = this._state;
    const wait = Math.max(0, Math.ceil((resendAt - this._now) / 1000));
    return html`<form part="form" @submit=${this.#verify}>
      <p role="status">${msg(str`We sent a code to ${identifier}.`, { id: 'sign-in.sent' })}</p>
      <label>${msg('Code', { id: 'sign-in.code' })}
        <input name="code" required autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6}" @input=${this.#onCodeInput} /></label>
      <label>${msg('Your name (shown in meetings)', { id: 'sign-in.name' })}
        <input name="name" autocomplete="name" maxlength="100" /></label>
      ${this.#error()}
      <button type="submit" ?disabled=${busy}>${msg('Sign in', { id: 'sign-in.submit' })}</button>
      <div>
        <button type="button" ?disabled=${busy || wait > 0} @click=${() => void this.#client!.handleRequestCode(identifier)}>
          ${wait > 0 ? msg(str`Resend code in ${wait} s`, { id: 'sign-in.resend-wait' }) : msg('Resend code', { id: 'sign-in.resend' })}
        </button>
        <button type="button" ?disabled=${busy} @click=${() => this.#client!.handleBack()}>${msg('Change', { id: 'sign-in.change' })}</button>
      </div>
    </form>`;
  }

  protected override render(): TemplateResult {
    const { step, session, busy } = this._state;
    if (step === 'signed-in' && session !== undefined) {
      const who = session.user.displayName === null ? session.user.masked : `${session.user.displayName} (${session.user.masked})`;
      return html`<div part="form">
        <p role="status">${msg(str`Signed in as ${who}`, { id: 'sign-in.signed-in' })}</p>
        <button type="button" ?disabled=${busy} @click=${() => void this.#signOut()}>${msg('Sign out', { id: 'sign-in.sign-out' })}</button>
      </div>`;
    }
    return step === 'code' ? this.#codeStep() : this.#identifierStep();
  }
}
