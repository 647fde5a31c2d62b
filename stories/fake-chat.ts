import { TypedEmitter } from '../src/core/emitter.js';
import { MAX_CHAT_TEXT_LENGTH, chatTextLength } from '../src/core/constants.js';
import {
  type ChatApi,
  type ChatEntry,
  type ChatEvents,
  type ChatMessage,
  type ChatUndecryptable,
  type SendOptions,
  type UndecryptableReason,
} from '../src/core/chat/chat-types.js';
import { InvalidStateError, RequestError } from '../src/core/errors.js';

/** Everything a {@link FakeChat} starts with. */
export interface FakeChatOptions {
  /** The timeline so far, oldest first. */
  entries?: ChatEntry[];
  /** Default: a fixed 60-digit code. `null` for none yet (before keys are exchanged). */
  securityCode?: string | null;
  /** Whether send() works. Default true. */
  ready?: boolean;
  /** send() rejects with this error (the text is still recorded in `sends`). */
  sendError?: Error;
  /** safetyNumber() answers these by participant id; others get a number made from the id. */
  safetyNumbers?: Record<string, string>;
  /** safetyNumber() rejects with this error. */
  safetyNumberError?: Error;
  /** send() waits until releaseSends() is called. */
  holdSends?: boolean;
}

/** Who is in the meeting, as a {@link FakeChat} needs to know it (a FakeMeetingClient fits). */
export interface FakeChatRoster {
  readonly self: { readonly id: string; readonly displayName: string } | undefined;
  readonly participants: readonly { readonly id: string; readonly displayName: string }[];
}

/** A message someone else sends. */
export interface IncomingInit {
  senderId: string;
  senderName: string;
  text: string;
  sentAt?: number;
  /** A private message to this participant. */
  private?: boolean;
}

/** A send() call, for assertions. */
export interface FakeSend {
  text: string;
  options: SendOptions | undefined;
}

export const FAKE_SECURITY_CODE = '38261 90417 55302 71846 20953 64178 09325 47610 83592 16047 72938 50164';

/**
 * A {@link ChatApi} without encryption or a server, for stories and element tests: the
 * timeline, readiness and security code are set directly, every send is recorded in
 * `sends`, and helpers play the other participants' part.
 */
export class FakeChat extends TypedEmitter<ChatEvents> implements ChatApi {
  ready: boolean;
  entries: ChatEntry[];
  securityCode: string | undefined;
  sendError: Error | undefined;
  safetyNumberError: Error | undefined;
  readonly safetyNumbers: Record<string, string>;
  readonly sends: FakeSend[] = [];
  /** Participant ids safetyNumber() was asked about. */
  readonly safetyNumberCalls: string[] = [];
  readonly #roster: FakeChatRoster | undefined;
  readonly #held: (() => void)[] = [];
  readonly #holdSends: boolean;
  #nextId = 1;

  constructor(options: FakeChatOptions = {}, roster?: FakeChatRoster) {
    super();
    this.ready = options.ready ?? true;
    this.entries = [...(options.entries ?? [])];
    this.securityCode = options.securityCode === null ? undefined : (options.securityCode ?? FAKE_SECURITY_CODE);
    this.sendError = options.sendError;
    this.safetyNumberError = options.safetyNumberError;
    this.safetyNumbers = { ...options.safetyNumbers };
    this.#holdSends = options.holdSends ?? false;
    this.#roster = roster;
  }


  emit<E extends keyof ChatEvents>(event: E, ...args: ChatEvents[E]): void {
    this.safeEmit(event, ...args);
  }


  async safetyNumber(participantId: string): Promise<string> {
    this.safetyNumberCalls.push(participantId);
    if (this.safetyNumberError !== undefined) throw this.safetyNumberError;
    const known = this.safetyNumbers[participantId];
    if (known !== undefined) return known;
    if (this.#roster !== undefined && !this.#roster.participants.some((participant) => participant.id === participantId)) {
      throw new RangeError(`no participant "${participantId}"`);
    }
    return digitsFrom(participantId);
  }

  /** Checks like the real chat, records the call, then sends (or fails with `sendError`). */
  async send(text: string, options?: SendOptions): Promise<ChatMessage> {
    this.sends.push({ text, options });
    if (text.trim() === '') throw new TypeError('"text" expected non-empty string');
    const length = chatTextLength(text);
    if (length > MAX_CHAT_TEXT_LENGTH) throw new RangeError(`"text" expected at most ${MAX_CHAT_TEXT_LENGTH} characters, got ${length}`);
    if (!this.ready) throw new InvalidStateError('chat is not ready');
    if (this.#holdSends) await new Promise<void>((resolve) => this.#held.push(resolve));
    if (this.sendError !== undefined) throw this.sendError;
    const to = options?.to;
    let privateWith: ChatMessage['privateWith'];
    if (to !== undefined) {
      const peer = this.#roster?.participants.find((participant) => participant.id === to);
      if (this.#roster !== undefined && peer === undefined) throw new RequestError('sendChat', 'not_found', 'recipient is not in the meeting');
      privateWith = { id: to, displayName: peer?.displayName ?? to };
    }
    const self = this.#roster?.self;
    const message: ChatMessage = {
      type: 'message',
      id: this.#id(),
      senderId: self?.id ?? 'self',
      senderName: self?.displayName ?? 'You',
      isSelf: true,
      text,
      sentAt: Date.now(),
      privateWith,
    };
    this.entries.push(message);
    this.emit('messagesent', message);
    return message;
  }

  /** Lets sends held by `holdSends` go on. */
  releaseSends(): void {
    for (const resolve of this.#held.splice(0)) resolve();
  }

  // Helpers that play the other participants' part.

  /** Someone else's message arrives. */
  receive(init: IncomingInit): ChatMessage {
    const message: ChatMessage = {
      type: 'message',
      id: this.#id(),
      senderId: init.senderId,
      senderName: init.senderName,
      isSelf: false,
      text: init.text,
      sentAt: init.sentAt ?? Date.now(),
      privateWith: init.private ? { id: init.senderId, displayName: init.senderName } : undefined,
    };
    this.entries.push(message);
    this.emit('message', message);
    return message;
  }

  /** A frame from `senderId` could not be decrypted. */
  dropUndecryptable(senderId: string, senderName: string, reason: UndecryptableReason = 'missing_key'): ChatUndecryptable {
    const notice: ChatUndecryptable = { type: 'undecryptable', id: this.#id(), senderId, senderName, at: Date.now(), reason };
    this.entries.push(notice);
    this.emit('undecryptable', notice);
    return notice;
  }

  /** Keys are exchanged (or lost). */
  setReady(ready: boolean): void {
    if (ready === this.ready) return;
    this.ready = ready;
    this.emit('readychange', ready);
  }

  /** The security code changes (someone joined or left). */
  setSecurityCode(code: string | undefined): void {
    this.securityCode = code;
    this.emit('securitycodechange', code);
  }

  #id(): string {
    return `m${this.#nextId++}`;
  }
}

/** A message in a timeline, for `entries`. */
export function chatMessage(init: Omit<ChatMessage, 'type' | 'privateWith'> & Partial<Pick<ChatMessage, 'privateWith'>>): ChatMessage {
  return { type: 'message', privateWith: undefined, ...init };
}

/** 60 digits in groups of five, the same for the same id. */
function digitsFrom(seed: string): string {
  let state = 2166136261;
  for (const character of seed) state = Math.imul(state ^ character.codePointAt(0)!, 16777619) >>> 0;
  const digits: string[] = [];
  for (let index = 0; index < 60; index++) {
    state = Math.imul(state ^ (state >>> 15), 2246822507) >>> 0;
    state = (state + 0x6d2b79f5) >>> 0;
    digits.push(String(state % 10));
  }
  return digits.join('').replace(/(\d{5})(?=\d)/g, '$1 ');
}
