import type { Poll } from '../../protocol/index.js';
import {
  MAX_ID_LENGTH,
  MAX_POLL_OPTION_LENGTH,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION_LENGTH,
  MIN_POLL_OPTIONS,
} from '../../protocol/limits.js';
import type { SignalingLink } from '../connection/transport.js';
import { TypedEmitter } from '../emitter.js';
import { InvalidStateError } from '../errors.js';
import type { PollInit, PollsApi, PollsEvents } from './poll-types.js';

/** How a {@link PollsSession} reaches the server while its meeting lasts. */
export interface PollsLink extends SignalingLink {
  /** Whether the local participant is a host right now. */
  isHost: () => boolean;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function expectString(name: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected string, got type=${describe(value)}`);
  const trimmed = value.trim();
  if (trimmed === '') throw new RangeError(`"${name}" expected non-empty string`);
  if (trimmed.length > max) throw new RangeError(`"${name}" expected at most ${max} characters, got ${trimmed.length}`);
  return trimmed;
}

function expectId(pollId: unknown): string {
  if (typeof pollId !== 'string') throw new TypeError(`"pollId" expected non-empty string, got type=${describe(pollId)}`);
  if (pollId === '' || pollId.length > MAX_ID_LENGTH) {
    throw new RangeError(`"pollId" expected 1–${MAX_ID_LENGTH} characters, got ${pollId.length}`);
  }
  return pollId;
}

function expectOptionalBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`"${name}" expected boolean, got type=${describe(value)}`);
  return value;
}

/**
 * The polls of one meeting as this participant may see them. It knows nothing of sockets or
 * of the meeting engine: the engine hands it a {@link PollsLink} on join (`attach`), feeds it
 * the server's `pollUpdated` and `pollDeleted` notifications (`handlePollUpdated`,
 * `handlePollDeleted`) and calls `detach` on leave.
 *
 * Arguments are checked before any request: a wrong type rejects with `TypeError`, a value
 * out of range (empty question, fewer than 2 or more than 10 options, an option index the
 * poll does not have) with `RangeError`. Calls without a meeting reject with
 * `InvalidStateError`. Everything else — who may create, open or vote, one ballot per
 * participant — is the server's to enforce; its refusals arrive as `RequestError`.
 */
export class PollsSession extends TypedEmitter<PollsEvents> implements PollsApi {
  /** Every known poll by id; a Map keeps creation order, so the oldest comes first. */
  readonly #polls = new Map<string, Poll>();
  #snapshot: readonly Poll[] | undefined;
  #link: PollsLink | undefined;
  /** Bumped by every attach and detach: a list answered for an older one is dropped. */
  #generation = 0;
  /** Ids a notification touched while `listPolls` was on its way; the list must not undo them. */
  #touched: Set<string> | undefined;

  /** Every poll, oldest first. */
  get polls(): readonly Poll[] {
    this.#snapshot ??= Object.freeze([...this.#polls.values()]);
    return this.#snapshot;
  }

  /** Whether this participant is a host (may create and run polls). */
  get canManage(): boolean {
    return this.#link?.isHost() ?? false;
  }

  /**
   * Starts serving a meeting: loads `listPolls` and emits `pollupdated` for each poll.
   * Attaching again (after a reconnect) reloads the list; polls missing from it emit
   * `pollremoved`. Resolves without effect when `detach()` came first; rejects with the
   * request's error when the list could not be loaded (notifications are still handled).
   */
  async attach(link: PollsLink): Promise<void> {
    const generation = ++this.#generation;
    this.#link = link;
    const touched = new Set<string>();
    this.#touched = touched;
    let polls: Poll[];
    try {
      ({ polls } = await link.request('listPolls', {}));
    } finally {
      if (this.#touched === touched) this.#touched = undefined;
    }
    if (generation !== this.#generation) return;
    const listed = new Set(polls.map((poll) => poll.id));
    for (const id of [...this.#polls.keys()]) {
      if (!listed.has(id) && !touched.has(id)) this.#remove(id);
    }
    for (const poll of polls) {
      if (!touched.has(poll.id)) this.#store(poll);
    }
  }

  /**
   * Ends the meeting's polls: forgets every poll (emitting nothing; the meeting's own state
   * change says it ended) and makes every later call reject with `InvalidStateError` until
   * the next `attach`. Idempotent.
   */
  detach(): void {
    this.suspend();
    this.#polls.clear();
    this.#snapshot = undefined;
  }

  /**
   * The connection was lost: calls reject with `InvalidStateError` until the next `attach`,
   * but the polls stay, so that attach reports only what changed meanwhile (no poll is
   * announced again as new).
   */
  suspend(): void {
    this.#generation++;
    this.#link = undefined;
    this.#touched = undefined;
  }

  /** The server's `pollUpdated` notification: a poll was created or changed. */
  handlePollUpdated(poll: Poll): void {
    if (this.#link === undefined) return;
    this.#touched?.add(poll.id);
    this.#store(poll);
  }

  /** The server's `pollDeleted` notification: a host deleted a poll. */
  handlePollDeleted(pollId: string): void {
    if (this.#link === undefined) return;
    this.#touched?.add(pollId);
    this.#remove(pollId);
  }

  /** Host only: drafts a poll. Rejects with `RequestError` (`bad_request`, `forbidden`). */
  async create(init: PollInit): Promise<Poll> {
    const link = this.#requireLink();
    if (typeof init !== 'object' || init === null) throw new TypeError(`"init" expected object, got type=${describe(init)}`);
    const question = expectString('question', init.question, MAX_POLL_QUESTION_LENGTH);
    if (!Array.isArray(init.options)) throw new TypeError(`"options" expected array, got type=${describe(init.options)}`);
    if (init.options.length < MIN_POLL_OPTIONS || init.options.length > MAX_POLL_OPTIONS) {
      throw new RangeError(`"options" expected ${MIN_POLL_OPTIONS}–${MAX_POLL_OPTIONS} options, got ${init.options.length}`);
    }
    const options = init.options.map((option, index) => expectString(`options[${index}]`, option, MAX_POLL_OPTION_LENGTH));
    const multiple = expectOptionalBoolean('multiple', init.multiple);
    const anonymous = expectOptionalBoolean('anonymous', init.anonymous);
    const shareResults = expectOptionalBoolean('shareResults', init.shareResults);
    const { poll } = await link.request('createPoll', { question, options, multiple, anonymous, shareResults });
    // The notification of the same poll may have come first and be newer; keep it then.
    if (this.#link === link && !this.#polls.has(poll.id)) this.#store(poll);
    return poll;
  }

  /** Host only: opens a poll for votes. */
  async open(pollId: string): Promise<void> {
    const link = this.#requireLink();
    await link.request('openPoll', { pollId: expectId(pollId) });
  }

  /** Host only: closes a poll. */
  async close(pollId: string): Promise<void> {
    const link = this.#requireLink();
    await link.request('closePoll', { pollId: expectId(pollId) });
  }

  /** Host only: deletes a poll and its results. */
  async remove(pollId: string): Promise<void> {
    const link = this.#requireLink();
    await link.request('deletePoll', { pollId: expectId(pollId) });
  }

  /** Host only: shows participants the results, or hides them. */
  async setResultsShared(pollId: string, shared: boolean): Promise<void> {
    const link = this.#requireLink();
    const id = expectId(pollId);
    if (typeof shared !== 'boolean') throw new TypeError(`"shared" expected boolean, got type=${describe(shared)}`);
    await link.request('sharePollResults', { pollId: id, shared });
  }

  /**
   * Casts this participant's one ballot: indexes of the chosen options. A ballot is final.
   * Rejects with `RequestError` (`conflict`: closed or already voted; `bad_request`).
   */
  async vote(pollId: string, choices: number[]): Promise<void> {
    const link = this.#requireLink();
    const id = expectId(pollId);
    if (!Array.isArray(choices)) throw new TypeError(`"choices" expected array, got type=${describe(choices)}`);
    if (choices.length === 0) throw new RangeError('"choices" expected at least one option');
    const poll = this.#polls.get(id);
    const count = poll?.options.length ?? MAX_POLL_OPTIONS;
    for (const choice of choices) {
      if (typeof choice !== 'number' || !Number.isInteger(choice)) {
        throw new TypeError(`"choices" expected integers, got ${typeof choice === 'number' ? choice : `type=${describe(choice)}`}`);
      }
      if (choice < 0 || choice >= count) throw new RangeError(`"choices" expected indexes 0–${count - 1}, got ${choice}`);
    }
    if (new Set(choices).size !== choices.length) throw new RangeError('"choices" expected each option at most once');
    if (poll !== undefined && !poll.multiple && choices.length > 1) {
      throw new RangeError(`"choices" expected one option for a single-choice poll, got ${choices.length}`);
    }
    await link.request('vote', { pollId: id, choices: [...choices] });
  }

  #requireLink(): PollsLink {
    if (this.#link === undefined) throw new InvalidStateError('polls are available only during a meeting');
    return this.#link;
  }

  #store(poll: Poll): void {
    const previous = this.#polls.get(poll.id);
    this.#polls.set(poll.id, poll);
    this.#snapshot = undefined;
    this.safeEmit('pollupdated', poll, previous);
  }

  #remove(pollId: string): void {
    if (!this.#polls.delete(pollId)) return;
    this.#snapshot = undefined;
    this.safeEmit('pollremoved', pollId);
  }
}
