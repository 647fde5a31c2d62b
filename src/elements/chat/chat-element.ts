import { LitElement, type PropertyValues, type TemplateResult, html } from 'lit';
import type { ChatApi, ChatMessage, ChatUndecryptable } from '../../core/chat/chat-types.js';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import { baseStyles, type ThemeName } from '../internal/base.styles.js';
import { ClientSource } from '../internal/client-source.js';
import { LazyViews, lazyStyles } from '../internal/lazy.js';
import { LocaleController, msg, str } from '../internal/localize.js';
import { WeMessageEvent } from '../internal/events/message.js';
import { WeMessageSentEvent } from '../internal/events/message-sent.js';
import { chatStyles } from './chat.styles.js';
import { maskPersonalData } from '../../core/masking.js';
import { CHAT_VIEWS, DRAFT_ID, LIST_ID } from './chat-modules.js';
import type { Recipient } from './chat-views.js';
import {
  describeBlocked,
  describeSendError,
  draftLength,
  lengthHint,
  recipientLeft,
  tooLongMessage,
  type BlockedReason,
} from './format.js';
import type { SafetyState } from './security-view.js';
import { UnreadTracker } from './unread.js';

/** Longest message text read out by the live region; the rest is in the list. */
const ANNOUNCE_CHARS = 200;

/**
 * The meeting's end-to-end encrypted chat: the messages since this participant joined (own
 * ones set apart, private ones marked), a box to write to everyone or privately to one
 * participant, the lock indicator with the meeting security code, and safety numbers to
 * compare with one participant.
 *
 * The element finds its meeting client in this order: the `client` property, the
 * `<we-meeting>` whose id the `for` attribute names, the `<we-meeting>` it is placed in. It
 * only subscribes to that client (and never closes it); removing the element from the page
 * drops every subscription.
 *
 * Messages are text: they are never parsed as HTML, and only `http:`/`https:` addresses
 * become links (opening in a new tab, without opener or referrer). Names are shown with
 * phone numbers and e-mail addresses masked.
 *
 * Unread count: a message from someone else counts as unread when it arrives while the
 * message list is not on screen (the element or an ancestor hidden, scrolled out of the
 * viewport, or the tab in the background) or while the user is scrolled up away from the
 * latest message. `unreadCount` holds the number and the `unread-count` attribute reflects it
 * while it is not zero; it returns to zero once the list is on screen and at its end.
 *
 * Enter sends, Shift+Enter starts a new line. A message that cannot be sent (too long, sent
 * too quickly, recipient gone, chat not ready) stays in the box with the reason shown.
 *
 * @summary End-to-end encrypted meeting chat.
 * @fires {WeMessageEvent} we-message - A message from someone else arrived and was decrypted (`detail`: the `ChatMessage`).
 * @fires {WeMessageSentEvent} we-message-sent - The user sent a message from this element (`detail`: the `ChatMessage`).
 * @csspart header - The bar with the lock indicator and the Security code button.
 * @csspart lock - The lock indicator ("End-to-end encrypted" or "Setting up encryption…").
 * @csspart verify - The Security code button.
 * @csspart security - The panel with the meeting security code and safety numbers.
 * @csspart security-code - The meeting security code.
 * @csspart show-safety - The Show safety number button.
 * @csspart safety-number - A safety number shared with one participant.
 * @csspart messages - The scrollable message list.
 * @csspart note - The note that chat is end-to-end encrypted and earlier messages are not visible.
 * @csspart empty - The "No messages yet" text.
 * @csspart message - A message (also `own` for the user's own, `private` for a private one).
 * @csspart own - The user's own messages.
 * @csspart private - Private messages.
 * @csspart sender - A message's sender name.
 * @csspart private-tag - "Private to …" on a private message.
 * @csspart text - A message's text.
 * @csspart link - A link in a message.
 * @csspart notice - A message that could not be decrypted.
 * @csspart unread - The "N new messages" button shown while scrolled away from new messages.
 * @csspart composer - The form with the recipient picker, message box and Send button.
 * @csspart status - Why messages cannot be sent right now (joining, setting up encryption).
 * @csspart recipient - The To picker.
 * @csspart input - The message box.
 * @csspart send - The Send button.
 * @csspart counter - Characters left, shown near the length limit.
 * @csspart error - Why a message could not be sent, or a safety number could not be shown.
 * @csspart loading - Shown while the chat's views load, when the element first renders.
 * @csspart load-error - Says the chat's views could not be loaded, above its Try again button.
 * @csspart retry - The Try again button after the chat's views failed to load.
 * @cssprop [--we-chat-background=var(--we-meeting-background)] - Background. Default: dark #111827, light #ffffff.
 * @cssprop [--we-chat-color=var(--we-meeting-color)] - Text colour. Default: dark #f9fafb, light #111827.
 * @cssprop [--we-chat-muted-color=var(--we-meeting-muted-color)] - Times, notes and hints. Default: dark #d1d5db, light #4b5563.
 * @cssprop [--we-chat-surface=var(--we-meeting-surface)] - Others' messages, fields and buttons. Default: dark #1f2937, light #f3f4f6.
 * @cssprop [--we-chat-surface-hover=var(--we-meeting-surface-hover)] - Hovered buttons and borders. Default: dark #374151, light #e5e7eb.
 * @cssprop [--we-chat-border-color=var(--we-meeting-border-color)] - Border of the message box and the To picker. Default: #6b7280 in both themes.
 * @cssprop [--we-chat-accent=var(--we-meeting-accent)] - Focus ring and links. Default: dark #60a5fa, light #1d4ed8.
 * @cssprop [--we-chat-primary=var(--we-meeting-primary)] - The Send and new-messages buttons. Default: #2563eb in both themes.
 * @cssprop --we-chat-own-background - Background of the user's own messages. Default: dark #1e3a8a, light #dbeafe.
 * @cssprop --we-chat-own-color - Text colour of the user's own messages. Default: dark #f9fafb, light #1e3a8a.
 * @cssprop --we-chat-private-color - Border and tag of private messages. Default: dark #fcd34d, light #92400e.
 * @cssprop [--we-chat-error-color=var(--we-meeting-error-color)] - Errors and undecryptable notices. Default: dark #fca5a5, light #b91c1c.
 * @cssprop [--we-chat-padding=0.75rem] - Inner spacing.
 * @cssprop [--we-chat-radius=12px] - Corner radius of the element.
 * @cssprop [--we-chat-bubble-radius=10px] - Corner radius of messages.
 * @cssprop [--we-chat-font=var(--we-meeting-font, system-ui, sans-serif)] - Font family.
 */
export class WeChatElement extends LitElement {
  static override styles = [baseStyles, lazyStyles, chatStyles];

  static override properties = {
    for: { type: String, noAccessor: true },
    client: { attribute: false, noAccessor: true },
    theme: { type: String, reflect: true },
    _draft: { state: true },
    _to: { state: true },
    _sending: { state: true },
    _error: { state: true },
    _securityOpen: { state: true },
    _safetyPeer: { state: true },
    _safety: { state: true },
    _announcement: { state: true },
  };

  /**
   * Colour theme, `light` or `dark`, reflected as the `theme` attribute; without it the element
   * follows the `theme` of the `<we-meeting>` it is inside, if that has one, else the system's
   * `prefers-color-scheme`.
   */
  declare theme: ThemeName | undefined;
  declare private _draft: string;
  declare private _to: string;
  declare private _sending: boolean;
  /**
   * Why the last send failed, put in words at render time (in the element's language);
   * `too-long` follows the draft as the user shortens it.
   */
  declare private _error: (() => string) | 'too-long' | undefined;
  declare private _securityOpen: boolean;
  declare private _safetyPeer: string;
  declare private _safety: SafetyState;
  declare private _announcement: string;

  #for: string | null = null;
  readonly #source = new ClientSource(this, (client) => {
    if (this.isConnected) this.#bind(client);
  });
  readonly #locale = new LocaleController(this);
  /** The views, loaded when the element first renders. */
  readonly #views = new LazyViews(this, CHAT_VIEWS);
  readonly #unread = new UnreadTracker(this, () => this.renderRoot.querySelector<HTMLElement>(`#${LIST_ID}`));
  #bound: { client: MeetingClientApi; chat: ChatApi; off: (() => void)[] } | undefined;
  /** Names of everyone seen, so a recipient who left is still named. */
  readonly #names = new Map<string, string>();
  #safetyRequest = 0;

  constructor() {
    super();
    this._draft = '';
    this._to = '';
    this._sending = false;
    this._error = undefined;
    this._securityOpen = false;
    this._safetyPeer = '';
    this._safety = { state: 'idle' };
    this._announcement = '';
  }

  /** The id of the `<we-meeting>` whose client to use when `client` is not set. */
  get for(): string | null {
    return this.#for;
  }

  set for(id: string | null) {
    const old = this.#for;
    this.#for = id ?? null;
    this.#source.for = this.#for;
    this.requestUpdate('for', old);
  }

  /**
   * A meeting client to use instead of a `<we-meeting>`'s (JS property only). The element
   * subscribes to it but never closes it.
   */
  get client(): MeetingClientApi | undefined {
    return this.#source.explicit;
  }

  set client(client: MeetingClientApi | undefined) {
    const old = this.#source.explicit;
    this.#source.explicit = client ?? undefined;
    this.requestUpdate('client', old);
  }

  /** Messages from others that arrived while the user could not see them (read-only). */
  get unreadCount(): number {
    return this.#unread.count;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#bind(this.#source.client);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unbind();
  }

  /** Moves focus to the message box. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>(`#${DRAFT_ID}`)?.focus(options);
  }

  /** Renders in the element's language (see `LocaleController`). */
  protected override update(changed: PropertyValues<this>): void {
    this.#locale.run(() => super.update(changed));
  }

  /** Renders once the translations of the element's language are here (see `LocaleController`). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#locale.whenReady(() => super.scheduleUpdate());
  }

  /** Also waits for the views while they load, so that code awaiting this sees them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    return (await this.#views.settled()) ? super.getUpdateComplete() : complete;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const unread = this.#unread.count;
    if (unread > 0) this.setAttribute('unread-count', String(unread));
    else this.removeAttribute('unread-count');
  }

  protected override render(): TemplateResult {
    return this.#views.render((views) => this.#chat(views));
  }

  #chat({ securityHeader, messageList, composer }: typeof import('./chat-lazy-views.js')): TemplateResult {
    const client = this.#source.client;
    const chat = this.#bound?.chat;
    const others = (client?.participants ?? []).filter((participant) => !participant.isSelf);
    for (const participant of others) this.#names.set(participant.id, participant.displayName);
    const peers = others.map((participant) => ({ id: participant.id, name: maskPersonalData(participant.displayName) }));
    const recipients: Recipient[] = peers.map((peer) => ({ ...peer, left: false }));
    if (this._to !== '' && !peers.some((peer) => peer.id === this._to)) {
      const name = this.#names.get(this._to) ?? msg('Participant', { id: 'chat.participant' });
      recipients.push({ id: this._to, name: maskPersonalData(name), left: true });
    }
    const safetyPeer = peers.some((peer) => peer.id === this._safetyPeer) ? this._safetyPeer : (peers[0]?.id ?? '');
    const length = draftLength(this._draft);
    const blocked = this.#blockedReason();
    const status = blocked === undefined ? undefined : describeBlocked(blocked);
    const tooLong = this._error === 'too-long';
    const failed = typeof this._error === 'function' ? this._error() : undefined;
    return html`${securityHeader({
        encrypted: status === undefined,
        code: chat?.securityCode,
        open: this._securityOpen,
        peers,
        peer: safetyPeer,
        safety: this._safety,
        onToggle: () => (this._securityOpen = !this._securityOpen),
        onPeer: (id) => (this._safetyPeer = id),
        onShowSafety: () => void this.#showSafetyNumber(safetyPeer),
      })}
      ${messageList({
        entries: chat?.entries ?? [],
        unread: this.#unread.atEnd ? 0 : this.#unread.count,
        onJump: () => this.#jumpToLatest(),
      })}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
      ${composer({
        draft: this._draft,
        recipients,
        to: this._to,
        status,
        sending: this._sending,
        // Over the limit after a send attempt, the error says it all; the hint would repeat it.
        hint: tooLong && length.over > 0 ? undefined : lengthHint(length),
        over: length.over > 0,
        error: tooLong ? (length.over > 0 ? tooLongMessage(length) : undefined) : failed,
        onInput: (value) => (this._draft = value),
        onRecipient: (id) => {
          this._to = id;
          this._error = undefined;
        },
        onSend: () => void this.#send(),
      })}`;
  }

  /** Why nothing can be sent now; `undefined` when the chat is ready. */
  #blockedReason(): BlockedReason | undefined {
    const client = this.#source.client;
    if (client === undefined || this.#bound === undefined) return 'offline';
    switch (client.state) {
      case 'idle':
      case 'connecting':
        return 'joining';
      case 'reconnecting':
        return 'reconnecting';
      case 'left':
      case 'failed':
        return 'absent';
      case 'joined':
        return this.#bound.chat.ready ? undefined : 'encrypting';
    }
  }

  async #send(): Promise<void> {
    const text = this._draft;
    const chat = this.#bound?.chat;
    if (this._sending || text.trim() === '') return;
    const blocked = this.#blockedReason();
    if (blocked !== undefined || chat === undefined) {
      this._error = blocked === undefined ? undefined : () => describeBlocked(blocked);
      return;
    }
    const length = draftLength(text);
    if (length.over > 0) {
      this._error = 'too-long';
      return;
    }
    const to = this._to === '' ? undefined : this._to;
    const known = to === undefined ? undefined : this.#names.get(to);
    const recipientName = known === undefined ? undefined : maskPersonalData(known);
    if (to !== undefined && !this.#source.client?.participants.some((participant) => participant.id === to)) {
      // Never fall back to everyone: a private message must not become public.
      this._error = () => recipientLeft(recipientName);
      return;
    }
    const refocus = this.renderRoot.querySelector('.send') === (this.shadowRoot?.activeElement ?? null);
    this._sending = true;
    this._error = undefined;
    try {
      const message = await chat.send(text, to === undefined ? {} : { to });
      // Text typed while sending is the user's next message: keep it.
      if (this._draft === text) this._draft = '';
      this._sending = false;
      await this.updateComplete;
      this.#unread.scrollToEnd();
      if (refocus) this.focus();
      this.dispatchEvent(new WeMessageSentEvent(message));
    } catch (error) {
      this._sending = false;
      // The chat refuses text over its limit with RangeError; the hint says how much to remove.
      this._error = error instanceof RangeError ? 'too-long' : () => describeSendError(error, recipientName);
    }
  }

  #jumpToLatest(): void {
    this.#unread.scrollToEnd();
    this.#unread.reset();
    // The button goes away: keep keyboard users in the list.
    this.renderRoot.querySelector<HTMLElement>(`#${LIST_ID}`)?.focus();
  }

  async #showSafetyNumber(peerId: string): Promise<void> {
    const chat = this.#bound?.chat;
    if (chat === undefined || peerId === '') return;
    if (this._safety.state === 'loading' && this._safety.peerId === peerId) return;
    const request = ++this.#safetyRequest;
    const known = this.#names.get(peerId);
    const name = () => (known === undefined ? msg('this participant', { id: 'chat.safety.this-participant' }) : maskPersonalData(known));
    this._safety = { state: 'loading', peerId };
    try {
      const value = await chat.safetyNumber(peerId);
      if (request === this.#safetyRequest) this._safety = { state: 'shown', peerId, name: this.#locale.run(name), value };
    } catch (error) {
      if (request !== this.#safetyRequest) return;
      const reason = error instanceof Error && error.message !== '' ? ` ${error.message}` : '';
      const message = () => msg(str`The safety number with ${name()} is not available yet.`, { id: 'chat.safety.unavailable' }) + reason;
      this._safety = { state: 'error', peerId, message };
    }
  }

  /** Subscribes to `client` and its chat, dropping the previous subscriptions. */
  #bind(client: MeetingClientApi | undefined): void {
    const chat = client?.chat;
    if (this.#bound?.client === client && this.#bound?.chat === chat) return;
    const switched = this.#bound?.client !== client;
    this.#unbind();
    if (switched) {
      // Another meeting: nothing shown of the last one's verification or unread messages applies.
      this.#safetyRequest++;
      this._safety = { state: 'idle' };
      this._announcement = '';
      this.#unread.reset();
    }
    if (client === undefined || chat === undefined) {
      this.requestUpdate();
      return;
    }
    const update = () => this.requestUpdate();
    this.#bound = {
      client,
      chat,
      off: [
        client.on('participantjoined', update),
        client.on('participantleft', update),
        // A new join may come with a new chat.
        client.on('statechange', () => {
          this.#bind(client);
          this.requestUpdate();
        }),
        chat.on('message', this.#onMessage),
        chat.on('messagesent', update),
        chat.on('undecryptable', this.#onUndecryptable),
        chat.on('securitycodechange', update),
        chat.on('readychange', update),
      ],
    };
    this.requestUpdate();
  }

  #unbind(): void {
    for (const off of this.#bound?.off ?? []) off();
    this.#bound = undefined;
  }

  readonly #onMessage = (message: ChatMessage): void => {
    this.requestUpdate();
    if (message.isSelf) return;
    this.#unread.arrived();
    const sender = maskPersonalData(message.senderName);
    const text = message.text.length > ANNOUNCE_CHARS ? `${message.text.slice(0, ANNOUNCE_CHARS)}…` : message.text;
    this._announcement = this.#locale.run(() =>
      message.privateWith === undefined
        ? msg(str`${sender}: ${text}`, { id: 'chat.announce.message' })
        : msg(str`Private message from ${sender}: ${text}`, { id: 'chat.announce.private' }),
    );
    this.dispatchEvent(new WeMessageEvent(message));
  };

  readonly #onUndecryptable = (notice: ChatUndecryptable): void => {
    const sender = maskPersonalData(notice.senderName);
    this._announcement = this.#locale.run(() =>
      msg(str`A message from ${sender} could not be decrypted.`, { id: 'chat.announce.undecryptable' }),
    );
    this.requestUpdate();
  };
}
