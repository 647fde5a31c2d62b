import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '../internal/localize.js';

/** localStorage key of the privacy-policy version this browser acknowledged. */
export const POLICY_ACK_KEY = 'we-meeting:policy-ack';

/** How long the pre-join waits for the client configuration before joining without it. */
const CONFIG_TIMEOUT = 5000;

/** What the server asks the pre-join screen to confirm (`GET /api/client-config`). */
export interface ClientConfig {
  policy: { version: string; url: string } | null;
  ageGate: boolean;
}

const NO_CONFIG: ClientConfig = { policy: null, ageGate: false };

function acknowledgedVersion(): string | null {
  try {
    return globalThis.localStorage?.getItem(POLICY_ACK_KEY) ?? null;
  } catch {
    return null; // Sandboxed iframes throw on the property itself.
  }
}

function webUrl(url: string, base: string): URL | undefined {
  try {
    const link = new URL(url, base);
    return link.protocol === 'https:' || link.protocol === 'http:' ? link : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the endpoint's answer; anything malformed counts as no configuration. */
function parseConfig(value: unknown, base: string): ClientConfig {
  if (typeof value !== 'object' || value === null) return NO_CONFIG;
  const { policy, ageGate } = value as { policy?: unknown; ageGate?: unknown };
  let parsedPolicy: ClientConfig['policy'] = null;
  if (typeof policy === 'object' && policy !== null) {
    const { version, url } = policy as { version?: unknown; url?: unknown };
    if (typeof version === 'string' && version !== '' && typeof url === 'string') {
      // Only web links: a `javascript:` URL must never become the policy link.
      const link = webUrl(url, base);
      if (link !== undefined) {
        parsedPolicy = { version, url: link.href };
      }
    }
  }
  return { policy: parsedPolicy, ageGate: ageGate === true };
}

/**
 * The pre-join consent: fetches `${server}/api/client-config` and tracks the privacy-policy
 * acknowledgement (remembered per version in this browser) and the age confirmation (asked
 * every time, never stored). A configuration that cannot be fetched asks for nothing: it must
 * not keep anyone out of a meeting.
 */
export class ConsentController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #server: () => string;
  #abort: AbortController | undefined;
  #loadedFor: string | undefined;
  #ready: Promise<void> = Promise.resolve();
  #settle: (() => void) | undefined;

  /** Whether the configuration is still being fetched. */
  loading = true;
  config: ClientConfig = NO_CONFIG;
  /** Whether the policy version must be acknowledged (not acknowledged in this browser before). */
  policyRequired = false;
  policyAccepted = false;
  ageConfirmed = false;

  /** `server` gives the server base URL (`''`: the page's origin). */
  constructor(host: ReactiveControllerHost, server: () => string) {
    this.#host = host;
    this.#server = server;
    host.addController(this);
  }

  /** Resolves once the configuration is known (or known to be unavailable). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Whether anything must be confirmed before joining. */
  get asks(): boolean {
    return this.policyRequired || this.config.ageGate;
  }

  /** Whether everything asked for was confirmed. */
  get satisfied(): boolean {
    return (!this.policyRequired || this.policyAccepted) && (!this.config.ageGate || this.ageConfirmed);
  }

  hostConnected(): void {
    // Loaded at the next update, not now: a framework may set `server` just after attaching.
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    if ((this.#host as unknown as Element).isConnected) this.load();
  }

  hostDisconnected(): void {
    if (this.loading) {
      const abort = this.#abort;
      this.#abort = undefined; // Its failure is not "no configuration": fetch again when back.
      this.#loadedFor = undefined;
      abort?.abort();
    }
  }

  /** Fetches the configuration for the current server, unless it was fetched already. */
  load(): void {
    const base = (this.#server() || globalThis.location?.origin || '').replace(/\/+$/u, '');
    if (base === this.#loadedFor) return;
    this.#loadedFor = base;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    if (this.#settle === undefined) this.#ready = new Promise((resolve) => (this.#settle = resolve));
    const timer = setTimeout(() => abort.abort(), CONFIG_TIMEOUT);
    const done = (config: ClientConfig) => {
      clearTimeout(timer);
      if (abort !== this.#abort) return; // Superseded by a newer load.
      this.#abort = undefined;
      this.config = config;
      this.policyRequired = config.policy !== null && acknowledgedVersion() !== config.policy.version;
      this.loading = false;
      this.#settle?.();
      this.#settle = undefined;
      this.#host.requestUpdate();
    };
    fetch(`${base}/api/client-config`, { signal: abort.signal, headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : undefined))
      .then(
        (body: unknown) => done(parseConfig(body, `${base}/`)),
        () => done(NO_CONFIG),
      );
  }

  /** Remembers the acknowledged policy version (called when joining with it accepted). */
  acknowledge(): void {
    const policy = this.config.policy;
    if (policy === null || !this.policyRequired || !this.policyAccepted) return;
    try {
      globalThis.localStorage?.setItem(POLICY_ACK_KEY, policy.version);
    } catch {
      // Not remembered: the policy is asked again next time.
    }
  }

  setPolicyAccepted(accepted: boolean): void {
    this.policyAccepted = accepted;
    this.#host.requestUpdate();
  }

  setAgeConfirmed(confirmed: boolean): void {
    this.ageConfirmed = confirmed;
    this.#host.requestUpdate();
  }
}

/** A required checkbox of the consent; `onChange` gets whether it is checked. */
function requiredCheckbox(name: string, checked: boolean, onChange: (checked: boolean) => void): TemplateResult {
  return html`<input
    type="checkbox"
    name=${name}
    required
    .checked=${live(checked)}
    @change=${(event: Event) => onChange((event.target as HTMLInputElement).checked)}
  />`;
}

/**
 * The consent checkboxes of the pre-join screen: the privacy-policy acknowledgement (with a
 * link to the policy and its version) and the age confirmation, each only when asked for.
 */
export function consentFields(consent: ConsentController): TemplateResult | typeof nothing {
  if (consent.loading || !consent.asks) return nothing;
  const policy = consent.policyRequired ? consent.config.policy : null;
  return html`<div part="consent" class="consent">
    ${policy
      ? html`<div class="consent-item">
          <label class="check">
            ${requiredCheckbox('policy', consent.policyAccepted, (accepted) => consent.setPolicyAccepted(accepted))}
            <span>${msg('I have read and accept the privacy policy', { id: 'meeting.consent.policy' })}</span>
          </label>
          <a part="policy-link" class="policy-link" href=${policy.url} target="_blank" rel="noopener noreferrer"
            >${msg(str`Privacy policy (version ${policy.version})`, { id: 'meeting.consent.policy-link' })}<span class="visually-hidden">
              ${msg('(opens in a new tab)', { id: 'meeting.consent.new-tab' })}</span
            ></a
          >
        </div>`
      : nothing}
    ${consent.config.ageGate
      ? html`<label class="check consent-item">
          ${requiredCheckbox('age', consent.ageConfirmed, (confirmed) => consent.setAgeConfirmed(confirmed))}
          <span>${msg("I am 14 or older, or I have my guardian's consent", { id: 'meeting.consent.age' })}</span>
        </label>`
      : nothing}
  </div>`;
}
