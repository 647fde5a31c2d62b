import { html, nothing, type TemplateResult } from 'lit';
import { lockIcon, unlockIcon } from '../meeting/icons.js';

export const SECURITY_ID = 'security';

/** A safety number asked for, shown or failed. */
export type SafetyState =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly peerId: string }
  | { readonly state: 'shown'; readonly peerId: string; readonly name: string; readonly value: string }
  | { readonly state: 'error'; readonly peerId: string; readonly message: string };

export interface SecurityProps {
  /** Keys are exchanged and the chat is encrypted. */
  encrypted: boolean;
  code: string | undefined;
  open: boolean;
  /** The others, for the safety number. */
  peers: readonly { readonly id: string; readonly name: string }[];
  /** The participant chosen for the safety number. */
  peer: string;
  safety: SafetyState;
  onToggle: () => void;
  onPeer: (id: string) => void;
  onShowSafety: () => void;
}

/** The lock indicator and the disclosure that shows the security code and safety numbers. */
export function securityHeader(props: SecurityProps): TemplateResult {
  return html`<div class="header" part="header">
      <p class="lock" part="lock" data-encrypted=${props.encrypted ? 'true' : 'false'}>
        ${props.encrypted ? lockIcon : unlockIcon}
        <span>${props.encrypted ? 'End-to-end encrypted' : 'Setting up encryption…'}</span>
      </p>
      <button
        type="button"
        class="verify"
        part="verify"
        aria-expanded=${props.open ? 'true' : 'false'}
        aria-controls=${SECURITY_ID}
        @click=${props.onToggle}
      >
        Security code
      </button>
    </div>
    <section id=${SECURITY_ID} class="security" part="security" aria-label="Security code" ?hidden=${!props.open}>
      ${props.open ? securityBody(props) : nothing}
    </section>`;
}

function securityBody(props: SecurityProps): TemplateResult {
  return html`<p class="label">Meeting security code</p>
    ${props.code === undefined
      ? html`<p class="muted">Not available yet: the code appears once encryption keys are exchanged.</p>`
      : html`<p class="code" part="security-code">${props.code}</p>`}
    <p class="muted">
      Everyone in the meeting sees the same code unless someone is intercepting the chat. Compare it aloud or over
      another channel; it changes when someone joins or leaves.
    </p>
    ${props.peers.length === 0 ? html`<p class="muted">Nobody else is in the meeting yet.</p>` : safetyNumber(props)}`;
}

function safetyNumber(props: SecurityProps): TemplateResult {
  const safety = props.safety;
  const current = safety.state !== 'idle' && safety.peerId === props.peer ? safety : undefined;
  return html`<div class="safety-row">
      <label class="field">
        <span>Safety number with</span>
        <select @change=${(event: Event) => props.onPeer((event.target as HTMLSelectElement).value)}>
          ${props.peers.map((peer) => html`<option value=${peer.id} .selected=${peer.id === props.peer}>${peer.name}</option>`)}
        </select>
      </label>
      <button type="button" part="show-safety" aria-disabled=${current?.state === 'loading' ? 'true' : 'false'} @click=${props.onShowSafety}>
        Show safety number
      </button>
    </div>
    <div role="status" class="safety-result">
      ${current?.state === 'loading' ? html`<p class="muted">Working out the safety number…</p>` : nothing}
      ${current?.state === 'shown'
        ? html`<p>Safety number with ${current.name}:</p>
            <p class="code" part="safety-number">${current.value}</p>
            <p class="muted">
              ${current.name} sees the same number with you unless someone is in between. It stays the same for as long as
              you both stay in the meeting.
            </p>`
        : nothing}
      ${current?.state === 'error' ? html`<p class="error" part="error">${current.message}</p>` : nothing}
    </div>`;
}
