import type { E2eeKeys, NotificationData, RequestData, ResponseData } from '../../protocol/index.js';
import { MAX_CHAT_TEXT_LENGTH, chatTextLength } from '../../protocol/limits.js';
import { DecryptError } from '../e2ee/decrypt-error.js';
import type { E2eeSession, WireFrame } from '../e2ee/e2ee-session.js';
import type { SessionKeys } from '../e2ee/session-keys.js';
import { TypedEmitter } from '../emitter.js';
import { InvalidStateError, RequestError } from '../errors.js';
import { loadE2ee, type E2eeModule } from '../lazy-modules.js';
import type { Roster } from '../roster.js';
import type {
  ChatApi,
  ChatEntry,
  ChatEvents,
  ChatMessage,
  ChatPeer,
  SendOptions,
  UndecryptableReason,
} from './chat-types.js';

/** Sends a chat frame through the server: the signaling link's `request`, narrowed to `sendChat`. */
export type ChatRequest = (method: 'sendChat', data: RequestData<'sendChat'>) => Promise<ResponseData<'sendChat'>>;

/** What a {@link ChatSession} is attached to: one join of one meeting. */
export interface ChatLink {
  /** The meeting id the keys were made for. */
  readonly meeting: string;
  readonly request: ChatRequest;
}

/**
 * Who is in the meeting, as the chat reads it: the meeting client's {@link Roster}, the one
 * source of membership. The chat keeps no list of its own; it follows the roster's events.
 */
export type ChatRoster = Pick<Roster, 'self' | 'members' | 'has' | 'nameOf' | 'keysOf' | 'on'>;

/** Options of a {@link ChatSession}. */
export interface ChatSessionOptions {
  /** Loads the encryption code (default: on demand, see `lazy-modules.ts`). */
  loadE2ee?: () => Promise<E2eeModule>;
}

/** One attachment: its state is dropped as a whole on detach. */
interface Attachment {
  readonly selfId: string;
  readonly request: ChatRequest;
  readonly e2ee: E2eeSession;
}

let nextEntryId = 1;

/**
 * The end-to-end encrypted chat of a meeting client. Knows nothing of the client: it reads
 * membership from the roster and follows its joins and leaves, is given keys to make before
 * each join and a link after it, and chat frames through {@link handleChat}; it reports
 * through {@link ChatEvents}. Everything it handles is processed one at a time, in arrival
 * order, so key material always precedes the messages that need it. Lives as long as its
 * client; the timeline survives rejoins.
 */
export class ChatSession extends TypedEmitter<ChatEvents> implements ChatApi {
  readonly #roster: ChatRoster;
  readonly #loadE2ee: () => Promise<E2eeModule>;
  #keys: SessionKeys | undefined;
  /** The encryption code, loaded by the first createKeys(). */
  #e2ee: E2eeModule | undefined;
  #attachment: Attachment | undefined;
  #entries: readonly ChatEntry[] = [];
  #ready = false;
  #securityCode: string | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(roster: ChatRoster, options: ChatSessionOptions = {}) {
    super();
    this.#roster = roster;
    this.#loadE2ee = options.loadE2ee ?? loadE2ee;
    roster.on('participantjoined', ({ id }) => this.#memberJoined(id));
    roster.on('participantleft', ({ id }) => this.#memberLeft(id));
  }

  get ready(): boolean {
    return this.#ready;
  }

  get entries(): readonly ChatEntry[] {
    return this.#entries;
  }

  get securityCode(): string | undefined {
    return this.#securityCode;
  }

  /**
   * Makes this participant's keys for joining `meeting` and returns their public half for
   * the `hello` request. Fresh keys for every join: call it again before a rejoin.
   */
  async createKeys(meeting: string): Promise<E2eeKeys> {
    this.#e2ee ??= await this.#loadE2ee();
    const keys = await this.#e2ee.SessionKeys.generate(meeting);
    this.#keys = keys;
    return keys.publicKeys;
  }

  /**
   * Starts chatting once `hello` is answered and the roster holds its members: trusts their
   * keys and sends each of them this participant's sender key. Call it before any later
   * notification is handled. Resolves once {@link ready}. Rejects with `InvalidStateError`
   * when {@link createKeys} did not make keys for this meeting (chat then stays unavailable)
   * or when {@link detach} came first.
   */
  attach(link: ChatLink): Promise<void> {
    this.detach();
    const keys = this.#keys;
    const e2ee = this.#e2ee;
    const self = this.#roster.self;
    if (keys === undefined || e2ee === undefined || self === undefined || keys.meeting !== link.meeting) {
      return Promise.reject(new InvalidStateError(`createKeys("${link.meeting}") must come before attach()`));
    }
    this.#keys = undefined;
    const attachment: Attachment = { selfId: self.id, request: link.request, e2ee: new e2ee.E2eeSession(keys, self.id) };
    this.#attachment = attachment;
    const members = this.#roster.members();
    return this.#enqueue(attachment, async () => {
      const frames = await attachment.e2ee.start(members);
      // Detached (connection lost) while the keys were being made: this attachment is over.
      if (this.#attachment !== attachment) return;
      this.#sendFrames(attachment, frames);
      this.#setReady(true);
      await this.#refreshCode(attachment);
    });
  }

  /** Stops chatting (left, lost connection): drops every key. The timeline stays. */
  detach(): void {
    if (this.#attachment === undefined) return;
    this.#attachment = undefined;
    this.#setReady(false);
    this.#setCode(undefined);
  }

  /** A chat frame arrived from the server. */
  handleChat(frame: NotificationData<'chat'>): void {
    const attachment = this.#attachment;
    if (attachment === undefined || (frame.to !== null && frame.to !== attachment.selfId)) return;
    // Named as the roster knows the sender now: by the time the frame is opened they may have left.
    const sender = this.#peer(frame.from);
    void this.#enqueue(attachment, async () => {
      let text: string | undefined;
      try {
        text = await attachment.e2ee.receive(frame.from, frame.kind, frame.payload);
      } catch (error) {
        if (!(error instanceof DecryptError)) this.onListenerError('chat', error);
        this.#dropped(frame, sender, error instanceof DecryptError ? error.reason : 'malformed');
        return;
      }
      if (text === undefined) return;
      const message: ChatMessage = {
        type: 'message',
        id: `chat-${nextEntryId++}`,
        senderId: frame.from,
        senderName: sender.displayName,
        isSelf: false,
        text,
        sentAt: frame.sentAt,
        privateWith: frame.kind === 'private' ? sender : undefined,
      };
      this.#append(message);
      this.safeEmit('message', message);
    }).catch(() => undefined);
  }

  /** Resolves once everything handled so far has been processed. */
  settled(): Promise<void> {
    return this.#tail.then(() => undefined);
  }

  async safetyNumber(participantId: string): Promise<string> {
    const attachment = this.#attachment;
    if (attachment === undefined) throw new InvalidStateError('chat is not attached to a meeting');
    return attachment.e2ee.safetyNumber(participantId);
  }

  async send(text: string, options: SendOptions = {}): Promise<ChatMessage> {
    if (typeof text !== 'string' || text.length === 0) {
      throw new TypeError(`"text" expected a non-empty string, got ${typeof text === 'string' ? 'an empty string' : `type=${typeof text}`}`);
    }
    const length = chatTextLength(text);
    if (length > MAX_CHAT_TEXT_LENGTH) throw new RangeError(`"text" is ${length} characters, at most ${MAX_CHAT_TEXT_LENGTH} allowed`);
    const { to } = options;
    const attachment = this.#attachment;
    if (attachment === undefined || !this.#ready) throw new InvalidStateError('chat is not ready');
    if (to !== undefined && (typeof to !== 'string' || to === '' || to === attachment.selfId)) {
      throw new TypeError(`"to" expected another participant's id, got ${JSON.stringify(to)}`);
    }
    const recipient = to === undefined ? undefined : this.#peer(to);
    const pending = await this.#enqueue(attachment, async () => {
      let frame: WireFrame;
      if (to === undefined) {
        frame = await attachment.e2ee.encryptGroup(text);
      } else if (attachment.e2ee.isMember(to)) {
        frame = await attachment.e2ee.encryptPrivate(to, text);
      } else if (this.#roster.has(to)) {
        throw new InvalidStateError(`participant "${to}" cannot receive encrypted chat`);
      } else {
        throw new RequestError('sendChat', 'not_found', `participant "${to}" is not in the meeting`);
      }
      // Sent now, in queue order; the answer is awaited outside the queue.
      return { answer: attachment.request('sendChat', frame) };
    });
    const { sentAt } = await pending.answer;
    const message: ChatMessage = {
      type: 'message',
      id: `chat-${nextEntryId++}`,
      senderId: attachment.selfId,
      senderName: this.#peer(attachment.selfId).displayName,
      isSelf: true,
      text,
      sentAt,
      privateWith: recipient,
    };
    this.#append(message);
    this.safeEmit('messagesent', message);
    return message;
  }

  /** Someone joined: gives them this participant's sender key. */
  #memberJoined(id: string): void {
    const attachment = this.#attachment;
    if (attachment === undefined) return;
    const member = { id, keys: this.#roster.keysOf(id) };
    void this.#enqueue(attachment, async () => {
      this.#sendFrames(attachment, await attachment.e2ee.add(member));
      await this.#refreshCode(attachment);
    }).catch(() => undefined);
  }

  /** Someone left or was removed: starts a new epoch that they cannot read. */
  #memberLeft(id: string): void {
    const attachment = this.#attachment;
    if (attachment === undefined) return;
    void this.#enqueue(attachment, async () => {
      this.#sendFrames(attachment, await attachment.e2ee.remove(id));
      await this.#refreshCode(attachment);
    }).catch(() => undefined);
  }

  /** Runs `task` after everything queued before it, unless `attachment` is gone by then. */
  #enqueue<T>(attachment: Attachment, task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(() => {
      if (this.#attachment !== attachment) throw new InvalidStateError('chat was detached');
      return task();
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Sends key material in order; a member who left meanwhile or a lost connection is no concern. */
  #sendFrames(attachment: Attachment, frames: readonly WireFrame[]): void {
    for (const frame of frames) attachment.request('sendChat', frame).catch(() => undefined);
  }

  #dropped(frame: NotificationData<'chat'>, sender: ChatPeer, reason: UndecryptableReason): void {
    const notice = {
      type: 'undecryptable',
      id: `chat-${nextEntryId++}`,
      senderId: frame.from,
      senderName: sender.displayName,
      at: frame.sentAt,
      reason,
    } as const;
    this.#append(notice);
    this.safeEmit('undecryptable', notice);
  }

  async #refreshCode(attachment: Attachment): Promise<void> {
    const code = await attachment.e2ee.securityCode();
    if (this.#attachment === attachment) this.#setCode(code);
  }

  #setCode(code: string | undefined): void {
    if (code === this.#securityCode) return;
    this.#securityCode = code;
    this.safeEmit('securitycodechange', code);
  }

  #setReady(ready: boolean): void {
    if (ready === this.#ready) return;
    this.#ready = ready;
    this.safeEmit('readychange', ready);
  }

  #append(entry: ChatEntry): void {
    // A new array each time: whoever holds the previous one keeps a consistent snapshot.
    this.#entries = [...this.#entries, entry];
  }

  /** A participant as messages name them: by their name in this join, else by their id. */
  #peer(id: string): ChatPeer {
    return { id, displayName: this.#roster.nameOf(id) ?? id };
  }
}
