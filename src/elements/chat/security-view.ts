import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../internal/localize.js';
import { lockIcon, unlockIcon } from '../meeting/icons.js';

export const SECURITY_ID = 'security';

/** A safety number asked for, shown or failed. */
export type SafetyState =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly peerId: string }
  | { readonly state: 'shown'; readonly peerId: string; readonly name: string; readonly value: string }
  /** `message` is called at render time, so it follows the element's language. */
  | { readonly state: 'error'; readonly peerId: string; readonly message: () => string };

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
  const title = msg('Security code', { id: 'chat.security' });
  return html`<div class="header" part="header">
      <p class="lock" part="lock" data-encrypted=${String(props.encrypted)}>
        ${props.encrypted ? lockIcon : unlockIcon}
        <span
          >${props.encrypted
            ? msg('End-to-end encrypted', { id: 'chat.lock.encrypted' })
            : msg('Setting up encryption…', { id: 'chat.lock.setting-up' })}</span
        >
      </p>
      <button type="button" class="verify" part="verify" aria-expanded=${String(props.open)} aria-controls=${SECURITY_ID} @click=${props.onToggle}>
        ${title}
      </button>
    </div>
    <section id=${SECURITY_ID} class="security" part="security" aria-label=${title} ?hidden=${!props.open}>
      ${props.open ? securityBody(props) : nothing}
    </section>`;
}

function securityBody(props: SecurityProps): TemplateResult {
  return html`<p class="label">${msg('Meeting security code', { id: 'chat.security.code' })}</p>
    ${props.code === undefined
      ? html`<p class="muted">
          ${msg('Not available yet: the code appears once encryption keys are exchanged.', { id: 'chat.security.code-pending' })}
        </p>`
      : html`<p class="code" part="security-code">${props.code}</p>`}
    <p class="muted">
      ${msg(
        'Everyone in the meeting sees the same code unless someone is intercepting the chat. Compare it aloud or over another channel; it changes when someone joins or leaves.',
        { id: 'chat.security.code-help' },
      )}
    </p>
    ${props.peers.length === 0
      ? html`<p class="muted">${msg('Nobody else is in the meeting yet.', { id: 'chat.security.alone' })}</p>`
      : safetyNumber(props)}`;
}

function safetyNumber(props: SecurityProps): TemplateResult {
  const safety = props.safety;
  const current = safety.state !== 'idle' && safety.peerId === props.peer ? safety : undefined;
  const loading = current?.state === 'loading';
  return html`<div class="safety-row">
      <label class="field">
        <span>${msg('Safety number with', { id: 'chat.safety.with' })}</span>
        <select @change=${(event: Event) => props.onPeer((event.target as HTMLSelectElement).value)}>
          ${props.peers.map((peer) => html`<option value=${peer.id} .selected=${peer.id === props.peer}>${peer.name}</option>`)}
        </select>
      </label>
      <button type="button" part="show-safety" aria-disabled=${String(loading)} @click=${props.onShowSafety}>
        ${msg('Show safety number', { id: 'chat.safety.show' })}
      </button>
    </div>
    <div role="status" class="safety-result">
      ${loading ? html`<p class="muted">${msg('Working out the safety number…', { id: 'chat.safety.loading' })}</p>` : nothing}
      ${current?.state === 'shown'
        ? html`<p>${msg(str`Safety number with ${current.name}:`, { id: 'chat.safety.shown' })}</p>
            <p class="code" part="safety-number">${current.value}</p>
            <p class="muted">
              ${msg(
                str`${current.name} sees the same number with you unless someone is in between. It stays the same for as long as you both stay in the meeting.`,
                { id: 'chat.safety.help' },
              )}
            </p>`
        : nothing}
      ${current?.state === 'error' ? html`<p class="error" part="error">${current.message()}</p>` : nothing}
    </div>`;
}
