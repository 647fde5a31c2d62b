import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatEntry, ChatMessage, ChatUndecryptable } from '../../core/chat/chat-types.js';
import { maskPersonalData } from '../../core/masking.js';
import { dateFormat, msg, str } from '../internal/localize.js';
import { describeUndecryptable, formatCount } from './format.js';
import { linkify } from './linkify.js';

import { DRAFT_ID, LIST_ID } from './chat-modules.js';

export { DRAFT_ID, LIST_ID };
const STATUS_ID = 'composer-status';
const HINT_ID = 'composer-hint';
const ERROR_ID = 'composer-error';

export interface MessageListProps {
  entries: readonly ChatEntry[];
  /** Messages that arrived unseen, while the user is scrolled away from the end. */
  unread: number;
  onJump: () => void;
}

/** The timeline: the end-to-end encryption note, then messages and notices, oldest first. */
export function messageList(props: MessageListProps): TemplateResult {
  return html`<div id=${LIST_ID} class="log" part="messages" role="region" aria-label=${msg('Messages', { id: 'chat.messages' })} tabindex="0">
      <p class="note" part="note">
        ${msg(
          'Messages are end-to-end encrypted: only the people in this meeting can read them. Messages sent before you joined are not visible to you.',
          { id: 'chat.note' },
        )}
      </p>
      ${props.entries.length === 0
        ? html`<p class="empty" part="empty">${msg('No messages yet', { id: 'chat.empty' })}</p>`
        : html`<ol class="entries">
            ${repeat(
              props.entries,
              (entry) => entry.id,
              (entry) => (entry.type === 'message' ? messageItem(entry) : undecryptableItem(entry)),
            )}
          </ol>`}
    </div>
    ${props.unread > 0
      ? html`<button type="button" class="jump" part="unread" aria-controls=${LIST_ID} @click=${props.onJump}>
          ${props.unread === 1
            ? msg(str`${formatCount(props.unread)} new message`, { id: 'chat.unread.one' })
            : msg(str`${formatCount(props.unread)} new messages`, { id: 'chat.unread.other' })}
        </button>`
      : nothing}`;
}

/** An entry's time as the element's locale shows it (`14:05`), in full as its tooltip. */
function timeOf(ms: number): TemplateResult {
  const full = dateFormat({ dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
  return html`<time datetime=${new Date(ms).toISOString()} title=${full}>${dateFormat({ timeStyle: 'short' }).format(ms)}</time>`;
}

function messageItem(message: ChatMessage): TemplateResult {
  const peer = message.privateWith;
  const parts = `message${message.isSelf ? ' own' : ''}${peer === undefined ? '' : ' private'}`;
  return html`<li class=${parts} part=${parts} data-entry-id=${message.id}>
    <p class="meta">
      <span class="sender" part="sender">${message.isSelf ? msg('You', { id: 'chat.you' }) : maskPersonalData(message.senderName)}</span>
      ${timeOf(message.sentAt)}
      ${peer === undefined
        ? nothing
        : html`<span class="private-tag" part="private-tag"
            >${message.isSelf
              ? msg(str`Private to ${maskPersonalData(peer.displayName)}`, { id: 'chat.private-to' })
              : msg('Private to you', { id: 'chat.private-to-you' })}</span
          >`}
    </p>
    <p class="text" part="text">${richText(message.text)}</p>
  </li>`;
}

/** Message text as text nodes, with http(s) addresses as links that open in a new tab. */
export function richText(text: string): (TemplateResult | string)[] {
  return linkify(text).map((segment) =>
    segment.kind === 'link'
      ? html`<a href=${segment.href} target="_blank" rel="noopener noreferrer" part="link">${segment.text}</a>`
      : segment.text,
  );
}

function undecryptableItem(notice: ChatUndecryptable): TemplateResult {
  return html`<li class="notice" part="notice" data-entry-id=${notice.id}>
    <p class="meta">
      <span class="sender">${maskPersonalData(notice.senderName)}</span>
      ${timeOf(notice.at)}
    </p>
    <p>
      ${msg(str`A message from ${maskPersonalData(notice.senderName)} could not be decrypted. ${describeUndecryptable(notice.reason)}`, {
        id: 'chat.undecryptable',
      })}
    </p>
  </li>`;
}

/** Someone the composer can address privately. */
export interface Recipient {
  readonly id: string;
  readonly name: string;
  /** Left the meeting while chosen: kept in the list so the message does not go to everyone. */
  readonly left: boolean;
}

export interface ComposerProps {
  draft: string;
  recipients: readonly Recipient[];
  /** Chosen recipient's id; '' for everyone. */
  to: string;
  /** Why nothing can be sent right now, if so. */
  status: string | undefined;
  sending: boolean;
  /** The length hint near the limit. */
  hint: string | undefined;
  /** Whether the draft is over the limit. */
  over: boolean;
  error: string | undefined;
  onInput: (value: string) => void;
  onRecipient: (id: string) => void;
  onSend: () => void;
}

/** Recipient picker, message box and Send button, with the status, length hint and send error. */
export function composer(props: ComposerProps): TemplateResult {
  const blocked = props.status !== undefined || props.sending;
  const describedBy = [props.status && STATUS_ID, props.hint && HINT_ID, props.error && ERROR_ID].filter(Boolean).join(' ');
  const chosen = props.recipients.find((recipient) => recipient.id === props.to);
  const send = (event: Event) => {
    event.preventDefault();
    props.onSend();
  };
  return html`<form class="composer" part="composer" aria-label=${msg('Send a message', { id: 'chat.composer' })} @submit=${send}>
    ${props.status === undefined ? nothing : html`<p id=${STATUS_ID} class="status" part="status">${props.status}</p>`}
    <label class="recipient" part="recipient">
      <span>${msg('To', { id: 'chat.to' })}</span>
      <select @change=${(event: Event) => props.onRecipient((event.target as HTMLSelectElement).value)}>
        <option value="" .selected=${props.to === ''}>${msg('Everyone', { id: 'chat.to.everyone' })}</option>
        ${props.recipients.map(
          (recipient) =>
            html`<option value=${recipient.id} .selected=${recipient.id === props.to}>
              ${recipient.left ? msg(str`${recipient.name} (left the meeting)`, { id: 'chat.to.left' }) : recipient.name}
            </option>`,
        )}
      </select>
    </label>
    <div class="row">
      <label class="draft">
        <span class="visually-hidden">${msg('Message', { id: 'chat.draft' })}</span>
        <textarea
          id=${DRAFT_ID}
          part="input"
          rows="2"
          placeholder=${chosen === undefined
            ? msg('Message everyone', { id: 'chat.draft.everyone' })
            : msg(str`Private message to ${chosen.name}`, { id: 'chat.draft.private' })}
          aria-describedby=${describedBy || nothing}
          aria-invalid=${String(props.over)}
          .value=${live(props.draft)}
          @input=${(event: Event) => props.onInput((event.target as HTMLTextAreaElement).value)}
          @keydown=${(event: KeyboardEvent) => {
            // Enter sends; Shift+Enter makes a new line; Enter that ends an IME composition is the IME's.
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) send(event);
          }}
        ></textarea>
      </label>
      <button type="submit" class="send" part="send" aria-disabled=${String(blocked)}>
        ${msg('Send', { id: 'chat.send' })}
      </button>
    </div>
    ${props.hint === undefined
      ? nothing
      : html`<p id=${HINT_ID} class=${props.over ? 'hint over' : 'hint'} part="counter">${props.hint}</p>`}
    ${props.error === undefined ? nothing : html`<p id=${ERROR_ID} class="error" part="error" role="alert">${props.error}</p>`}
  </form>`;
}
