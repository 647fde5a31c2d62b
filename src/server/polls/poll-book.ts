import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ProtocolError, type Poll } from '../../protocol/index.js';
import type { Identity } from '../auth/token-claims.js';
import { requireHost } from '../rooms/host-controls.js';
import type { Peer } from '../rooms/peer.js';
import type { Store, StoredPoll, VoteOutcome } from '../store/store.js';
import { LivePoll } from './live-poll.js';

/** Most polls one meeting may hold. */
export const MAX_POLLS_PER_MEETING = 100;

/** Who is calling: their session in the room and the identity their token grants. */
export interface PollCaller {
  peer: Peer;
  identity: Pick<Identity, 'userId' | 'displayName' | 'avatarUrl'>;
}

/** What a host gives to create a poll (validated by the protocol schema). */
export interface PollDraft {
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  shareResults: boolean;
}

/** The part of the store polls write to. */
export type PollStore = Pick<Store, 'createPoll' | 'setPollState' | 'setPollResultsShared' | 'deletePoll' | 'recordVote'>;

/** What a {@link PollBook} is built from. */
export interface PollBookOptions {
  meeting: string;
  store: PollStore;
  /** Bound to the meeting already. */
  logger: Logger;
  /** Everyone in the meeting now; each gets their own view of every change. */
  audience: () => Iterable<Peer>;
  /** The meeting's stored polls, oldest first, when the meeting had some. */
  polls?: readonly StoredPoll[];
  /** Poll id → user ids who already voted. */
  voters?: ReadonlyMap<string, readonly string[]>;
}

/**
 * A meeting's polls while the meeting is live. Every rule is checked here, on the server:
 * hosts manage, everyone votes once per poll (keyed by user id, so rejoining gives no second
 * ballot), and a ballot is final. Changes are written to the store first, then everyone gets
 * `pollUpdated` with the view their role allows. Operations run one at a time, so a check
 * and the write that depends on it cannot interleave with another operation.
 *
 * Never logged: who voted, what anyone chose, or that a vote happened at all.
 */
export class PollBook {
  readonly #meeting: string;
  readonly #store: PollStore;
  readonly #logger: Logger;
  readonly #audience: () => Iterable<Peer>;
  readonly #polls = new Map<string, LivePoll>();
  /** User id behind each session, learnt from its poll calls, for the per-recipient `voted`. */
  readonly #userIds = new WeakMap<Peer, string>();
  /** Sessions already given host views (a participant made host needs them once). */
  readonly #hostViewers = new WeakSet<Peer>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PollBookOptions) {
    this.#meeting = options.meeting;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#audience = options.audience;
    for (const stored of options.polls ?? []) {
      this.#polls.set(stored.id, new LivePoll(stored, options.voters?.get(stored.id) ?? []));
    }
  }

  /** Every poll the caller may see, oldest first. */
  async list(caller: PollCaller): Promise<Poll[]> {
    this.enter(caller);
    return this.#serial(async () => {
      if (caller.peer.isHost) this.#hostViewers.add(caller.peer);
      return [...this.#polls.values()].flatMap((poll) => poll.viewFor(this.#viewer(caller.peer)) ?? []);
    });
  }

  /** Host only: drafts a poll. Participants learn of it when it opens. */
  async create(caller: PollCaller, draft: PollDraft): Promise<Poll> {
    this.enter(caller);
    return this.#serial(async () => {
      requireHost(caller.peer, 'manage polls');
      if (this.#polls.size >= MAX_POLLS_PER_MEETING) {
        throw new ProtocolError('conflict', `a meeting holds at most ${MAX_POLLS_PER_MEETING} polls`);
      }
      if (new Set(draft.options).size !== draft.options.length) {
        throw new ProtocolError('bad_request', 'two options have the same text');
      }
      const stored: StoredPoll = {
        id: randomUUID(),
        question: draft.question,
        options: [...draft.options],
        multiple: draft.multiple,
        anonymous: draft.anonymous,
        resultsShared: draft.shareResults,
        state: 'draft',
        createdAt: Date.now(),
        voters: 0,
        counts: draft.options.map(() => 0),
      };
      await this.#store.createPoll({ ...stored, meeting: this.#meeting });
      const poll = new LivePoll(stored);
      this.#polls.set(poll.id, poll);
      this.#logger.info({ poll: poll.id, anonymous: poll.anonymous }, 'poll created');
      this.#broadcast(poll);
      return poll.viewFor(this.#viewer(caller.peer))!;
    });
  }

  /** Host only: opens a draft or closed poll for votes; ballots already cast stay final. */
  async open(caller: PollCaller, pollId: string): Promise<void> {
    await this.#setState(caller, pollId, 'open');
  }

  /** Host only: closes an open poll. */
  async close(caller: PollCaller, pollId: string): Promise<void> {
    await this.#setState(caller, pollId, 'closed');
  }

  /** Host only: deletes a poll and its results. */
  async remove(caller: PollCaller, pollId: string): Promise<void> {
    this.enter(caller);
    await this.#serial(async () => {
      requireHost(caller.peer, 'manage polls');
      const poll = this.#poll(pollId);
      await this.#store.deletePoll(poll.id);
      this.#polls.delete(poll.id);
      this.#logger.info({ poll: poll.id }, 'poll deleted');
      for (const peer of this.#audience()) {
        if (poll.visibleTo(peer)) peer.notify('pollDeleted', { pollId: poll.id });
      }
    });
  }

  /** Host only: shows participants the results, or hides them again. */
  async shareResults(caller: PollCaller, pollId: string, shared: boolean): Promise<void> {
    this.enter(caller);
    await this.#serial(async () => {
      requireHost(caller.peer, 'manage polls');
      const poll = this.#poll(pollId);
      if (poll.resultsShared === shared) return;
      await this.#store.setPollResultsShared(poll.id, shared);
      poll.resultsShared = shared;
      this.#broadcast(poll);
    });
  }

  /**
   * Casts the caller's one ballot in an open poll. Refused: a poll that is not open or a
   * second ballot by the same user (`conflict`), choices out of range, repeated, or several
   * in a single-choice poll (`bad_request`).
   */
  async vote(caller: PollCaller, pollId: string, choices: readonly number[]): Promise<void> {
    this.enter(caller);
    await this.#serial(async () => {
      const poll = this.#poll(pollId);
      if (poll.state !== 'open') throw new ProtocolError('conflict', 'this poll is not open for votes');
      if (choices.some((choice) => !Number.isInteger(choice) || choice < 0 || choice >= poll.options.length)) {
        throw new ProtocolError('bad_request', `choices must be option indexes from 0 to ${poll.options.length - 1}`);
      }
      if (new Set(choices).size !== choices.length) throw new ProtocolError('bad_request', 'an option is chosen twice');
      if (!poll.multiple && choices.length !== 1) throw new ProtocolError('bad_request', 'choose exactly one option');
      const { userId, displayName, avatarUrl } = caller.identity;
      if (poll.hasVoted(userId)) throw new ProtocolError('conflict', 'you have already voted in this poll; a ballot is final');
      let outcome: VoteOutcome;
      try {
        outcome = await this.#store.recordVote({
          pollId: poll.id,
          userId,
          choices: [...choices],
          named: poll.anonymous ? undefined : { displayName, avatarUrl: avatarUrl ?? null },
        });
      } catch (error) {
        // Only the error's kind: a database error's details may quote the voter's id.
        this.#logger.error(
          { poll: poll.id, error: error instanceof Error ? error.name : typeof error },
          'could not record a ballot',
        );
        throw new ProtocolError('internal', 'the ballot could not be recorded');
      }
      if (outcome === 'already_voted') {
        poll.markVoted(userId);
        throw new ProtocolError('conflict', 'you have already voted in this poll; a ballot is final');
      }
      if (outcome === 'not_open') throw new ProtocolError('conflict', 'this poll is not open for votes');
      poll.count(userId, choices, poll.anonymous ? undefined : { displayName, avatarUrl });
      this.#broadcast(poll);
    });
  }

  /**
   * Called when a participant's role may have changed: one who became host gets every poll
   * as hosts see it (drafts and results included).
   */
  roleChanged(peer: Peer): void {
    if (!peer.isHost || this.#hostViewers.has(peer)) return;
    this.#hostViewers.add(peer);
    for (const poll of this.#polls.values()) peer.notify('pollUpdated', { poll: poll.viewFor(this.#viewer(peer))! });
  }

  /** The meeting ended: its open polls close, and everyone still connected is told. */
  meetingEnded(): void {
    const open = [...this.#polls.values()].filter((poll) => poll.state === 'open');
    for (const poll of open) {
      poll.state = 'closed';
      this.#broadcast(poll);
    }
    if (open.length === 0) return;
    // The store closes them too when it records the end; this covers a quick reopen.
    void this.#serial(async () => {
      for (const poll of open) await this.#store.setPollState(poll.id, 'closed');
    }).catch((error: unknown) =>
      this.#logger.error({ err: error }, 'could not close the polls of an ended meeting'),
    );
  }

  async #setState(caller: PollCaller, pollId: string, state: 'open' | 'closed'): Promise<void> {
    this.enter(caller);
    await this.#serial(async () => {
      requireHost(caller.peer, 'manage polls');
      const poll = this.#poll(pollId);
      if (poll.state === state) return;
      if (state === 'closed' && poll.state === 'draft') throw new ProtocolError('conflict', 'a draft poll was never open');
      await this.#store.setPollState(poll.id, state);
      poll.state = state;
      this.#logger.info({ poll: poll.id, state }, 'poll state changed');
      this.#broadcast(poll);
    });
  }

  #poll(pollId: string): LivePoll {
    const poll = this.#polls.get(pollId);
    if (poll === undefined) throw new ProtocolError('not_found', `no poll "${pollId}"`);
    return poll;
  }

  /** Remembers the user behind a session, so that its views say whether that user voted. */
  enter(caller: PollCaller): void {
    this.#userIds.set(caller.peer, caller.identity.userId);
  }

  #viewer(peer: Peer) {
    return { isHost: peer.isHost, userId: this.#userIds.get(peer) };
  }

  /** Sends every participant who may see `poll` their own view of it. */
  #broadcast(poll: LivePoll): void {
    for (const peer of this.#audience()) {
      const view = poll.viewFor(this.#viewer(peer));
      if (view === undefined) continue;
      if (peer.isHost) this.#hostViewers.add(peer);
      peer.notify('pollUpdated', { poll: view });
    }
  }

  /** Runs `task` after every operation queued before it, whether they failed or not. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
