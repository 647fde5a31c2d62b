import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import type { ChatApi, ChatMessage, ChatUndecryptable } from '../../core/chat/chat-types.js';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import { maskPersonalData } from '../../core/masking.js';
import { addStyles } from '../internal/lazy.js';
import { WeMessageEvent } from '../internal/events/message.js';
import { WeMessageSentEvent } from '../internal/events/message-sent.js';
import { msg, str } from '../internal/localize.js';
import { DRAFT_ID, LIST_ID } from './chat-modules.js';
import { composer, messageList, type Recipient } from './chat-views.js';
import {
  describeBlocked,
  describeSendError,
  draftLength,
  lengthHint,
  recipientLeft,
  tooLongMessage,
  type BlockedReason,
} from './format.js';
import { chatStyles } from './chat.styles.js';
import { securityHeader, type SafetyState } from './security-view.js';
import { UnreadTracker } from './unread.js';

/** Longest message text read out by the live region; the rest is in the list. */
const ANNOUNCE_CHARS = 200;

/** The `<we-chat>` a view serves. */
export type ChatHost = LitElement;

/** What the element tells its view: the client in use, and its language. */
export interface ChatShell {
  /** The client the element uses now (its `client`, `for` or enclosing meeting). */
  readonly client: MeetingClientApi | undefined;
  /** Runs `fn` in the element's language. */
  run<T>(fn: () => T): T;
}

interface ChatState {
  draft: string;
  to: string;
  sending: boolean;
  /**
   * Why the last send failed, put in words at render time (in the element's language);
   * `too-long` follows the draft as the user shortens it.
   */
  error: (() => string) | 'too-long' | undefined;
  securityOpen: boolean;
  safetyPeer: string;
  safety: SafetyState;
  announcement: string;
}

/**
 * Everything `<we-chat>` does and shows, loaded with its views the first time the element
 * renders: the subscriptions to the client's chat, the message list, the composer, the
 * security code and safety numbers, the unread count and the live announcements. The element
 * keeps its public surface and hands the rest to this controller.
 */
export class ChatView implements ReactiveController {
  readonly #host: ChatHost;
  readonly #shell: ChatShell;
  readonly #unread: UnreadTracker;
  #state: ChatState = {
    draft: '',
    to: '',
    sending: false,
    error: undefined,
    securityOpen: false,
    safetyPeer: '',
    safety: { state: 'idle' },
    announcement: '',
  };
  #bound: { client: MeetingClientApi; chat: ChatApi; off: (() => void)[] } | undefined;
  /** Names of everyone seen, so a recipient who left is still named. */
  readonly #names = new Map<string, string>();
  #safetyRequest = 0;

  constructor(host: ChatHost, shell: ChatShell) {
    this.#host = host;
    this.#shell = shell;
    this.#unread = new UnreadTracker(host, () => host.renderRoot.querySelector<HTMLElement>(`#${LIST_ID}`));
    addStyles(host, [chatStyles]);
    host.addController(this);
  }

  /** Messages from others that arrived while the user could not see them. */
  get unreadCount(): number {
    return this.#unread.count;
  }

  hostConnected(): void {
    this.bind(this.#shell.client);
  }

  hostDisconnected(): void {
    this.#unbind();
  }

  hostUpdated(): void {
    const unread = this.#unread.count;
    if (unread > 0) this.#host.setAttribute('unread-count', String(unread));
    else this.#host.removeAttribute('unread-count');
  }

  /** Moves focus to the message box. */
  focus(options?: FocusOptions): void {
    this.#host.renderRoot.querySelector<HTMLElement>(`#${DRAFT_ID}`)?.focus(options);
  }

  render(): TemplateResult {
    const client = this.#shell.client;
    const chat = this.#bound?.chat;
    const state = this.#state;
    const others = (client?.participants ?? []).filter((participant) => !participant.isSelf);
    for (const participant of others) this.#names.set(participant.id, participant.displayName);
    const peers = others.map((participant) => ({ id: participant.id, name: maskPersonalData(participant.displayName) }));
    const recipients: Recipient[] = peers.map((peer) => ({ ...peer, left: false }));
    if (state.to !== '' && !peers.some((peer) => peer.id === state.to)) {
      const name = this.#names.get(state.to) ?? msg('Participant', { id: 'chat.participant' });
      recipients.push({ id: state.to, name: maskPersonalData(name), left: true });
    }
    const safetyPeer = peers.some((peer) => peer.id === state.safetyPeer) ? state.safetyPeer : (peers[0]?.id ?? '');
    const length = draftLength(state.draft);
    const blocked = this.#blockedReason();
    const status = blocked === undefined ? undefined : describeBlocked(blocked);
    const tooLong = state.error === 'too-long';
    const failed = typeof state.error === 'function' ? state.error() : undefined;
    return html`${securityHeader({
        encrypted: status === undefined,
        code: chat?.securityCode,
        open: state.securityOpen,
        peers,
        peer: safetyPeer,
        safety: state.safety,
        onToggle: () => this.#set({ securityOpen: !this.#state.securityOpen }),
        onPeer: (id) => this.#set({ safetyPeer: id }),
        onShowSafety: () => void this.#showSafetyNumber(safetyPeer),
      })}
      ${messageList({
        entries: chat?.entries ?? [],
        unread: this.#unread.atEnd ? 0 : this.#unread.count,
        onJump: () => this.#jumpToLatest(),
      })}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${state.announcement}</div>
      ${composer({
        draft: state.draft,
        recipients,
        to: state.to,
        status,
        sending: state.sending,
        // Over the limit after a send attempt, the error says it all; the hint would repeat it.
        hint: tooLong && length.over > 0 ? undefined : lengthHint(length),
        over: length.over > 0,
        error: tooLong ? (length.over > 0 ? tooLongMessage(length) : undefined) : failed,
        onInput: (value) => this.#set({ draft: value }),
        onRecipient: (id) => this.#set({ to: id, error: undefined }),
        onSend: () => void this.#send(),
      })}`;
  }

  /** Subscribes to `client` and its chat, dropping the previous subscriptions. */
  bind(client: MeetingClientApi | undefined): void {
    if (!this.#host.isConnected) return;
    const chat = client?.chat;
    if (this.#bound?.client === client && this.#bound?.chat === chat) return;
    const switched = this.#bound?.client !== client;
    this.#unbind();
    if (switched) {
      // Another meeting: nothing shown of the last one's verification or unread messages applies.
      this.#safetyRequest++;
      this.#set({ safety: { state: 'idle' }, announcement: '' });
      this.#unread.reset();
    }
    if (client === undefined || chat === undefined) {
      this.#host.requestUpdate();
      return;
    }
    const update = () => this.#host.requestUpdate();
    this.#bound = {
      client,
      chat,
      off: [
        client.on('participantjoined', update),
        client.on('participantleft', update),
        // A new join may come with a new chat.
        client.on('statechange', () => {
          this.bind(client);
          this.#host.requestUpdate();
        }),
        chat.on('message', this.#onMessage),
        chat.on('messagesent', update),
        chat.on('undecryptable', this.#onUndecryptable),
        chat.on('securitycodechange', update),
        chat.on('readychange', update),
      ],
    };
    this.#host.requestUpdate();
  }

  /** Changes the state as reactive properties would: the element re-renders on a real change. */
  #set(patch: Partial<ChatState>): void {
    const changed = (Object.keys(patch) as (keyof ChatState)[]).some((key) => patch[key] !== this.#state[key]);
    if (!changed) return;
    this.#state = { ...this.#state, ...patch };
    this.#host.requestUpdate();
  }

  /** Why nothing can be sent now; `undefined` when the chat is ready. */
  #blockedReason(): BlockedReason | undefined {
    const client = this.#shell.client;
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
    const host = this.#host;
    const text = this.#state.draft;
    const chat = this.#bound?.chat;
    if (this.#state.sending || text.trim() === '') return;
    const blocked = this.#blockedReason();
    if (blocked !== undefined || chat === undefined) {
      this.#set({ error: blocked === undefined ? undefined : () => describeBlocked(blocked) });
      return;
    }
    const length = draftLength(text);
    if (length.over > 0) {
      this.#set({ error: 'too-long' });
      return;
    }
    const to = this.#state.to === '' ? undefined : this.#state.to;
    const known = to === undefined ? undefined : this.#names.get(to);
    const recipientName = known === undefined ? undefined : maskPersonalData(known);
    if (to !== undefined && !this.#shell.client?.participants.some((participant) => participant.id === to)) {
      // Never fall back to everyone: a private message must not become public.
      this.#set({ error: () => recipientLeft(recipientName) });
      return;
    }
    const refocus = host.renderRoot.querySelector('.send') === (host.shadowRoot?.activeElement ?? null);
    this.#set({ sending: true, error: undefined });
    try {
      const message = await chat.send(text, to === undefined ? {} : { to });
      // Text typed while sending is the user's next message: keep it.
      this.#set({ sending: false, ...(this.#state.draft === text ? { draft: '' } : {}) });
      await host.updateComplete;
      this.#unread.scrollToEnd();
      if (refocus) this.focus();
      host.dispatchEvent(new WeMessageSentEvent(message));
    } catch (error) {
      // The chat refuses text over its limit with RangeError; the hint says how much to remove.
      this.#set({ sending: false, error: error instanceof RangeError ? 'too-long' : () => describeSendError(error, recipientName) });
    }
  }

  #jumpToLatest(): void {
    this.#unread.scrollToEnd();
    this.#unread.reset();
    // The button goes away: keep keyboard users in the list.
    this.#host.renderRoot.querySelector<HTMLElement>(`#${LIST_ID}`)?.focus();
  }

  async #showSafetyNumber(peerId: string): Promise<void> {
    const chat = this.#bound?.chat;
    const safety = this.#state.safety;
    if (chat === undefined || peerId === '') return;
    if (safety.state === 'loading' && safety.peerId === peerId) return;
    const request = ++this.#safetyRequest;
    const known = this.#names.get(peerId);
    const name = () => (known === undefined ? msg('this participant', { id: 'chat.safety.this-participant' }) : maskPersonalData(known));
    this.#set({ safety: { state: 'loading', peerId } });
    try {
      const value = await chat.safetyNumber(peerId);
      if (request === this.#safetyRequest) this.#set({ safety: { state: 'shown', peerId, name: this.#shell.run(name), value } });
    } catch (error) {
      if (request !== this.#safetyRequest) return;
      const reason = error instanceof Error && error.message !== '' ? ` ${error.message}` : '';
      const message = () => msg(str`The safety number with ${name()} is not available yet.`, { id: 'chat.safety.unavailable' }) + reason;
      this.#set({ safety: { state: 'error', peerId, message } });
    }
  }

  #unbind(): void {
    for (const off of this.#bound?.off ?? []) off();
    this.#bound = undefined;
  }

  readonly #onMessage = (message: ChatMessage): void => {
    this.#host.requestUpdate();
    if (message.isSelf) return;
    this.#unread.arrived();
    const sender = maskPersonalData(message.senderName);
    const text = message.text.length > ANNOUNCE_CHARS ? `${message.text.slice(0, ANNOUNCE_CHARS)}…` : message.text;
    this.#set({
      announcement: this.#shell.run(() =>
        message.privateWith === undefined
          ? msg(str`${sender}: ${text}`, { id: 'chat.announce.message' })
          : msg(str`Private message from ${sender}: ${text}`, { id: 'chat.announce.private' }),
      ),
    });
    this.#host.dispatchEvent(new WeMessageEvent(message));
  };

  readonly #onUndecryptable = (notice: ChatUndecryptable): void => {
    const sender = maskPersonalData(notice.senderName);
    this.#set({
      announcement: this.#shell.run(() => msg(str`A message from ${sender} could not be decrypted.`, { id: 'chat.announce.undecryptable' })),
    });
    this.#host.requestUpdate();
  };
}
