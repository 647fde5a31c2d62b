import { TypedEmitter } from '../src/core/emitter.js';
import { RequestError } from '../src/core/errors.js';
import type { NamedBallot, Poll, PollInit, PollsApi, PollsEvents, PollState } from '../src/core/polls/poll-types.js';
import { MAX_POLL_OPTIONS, type Role } from '../src/protocol/index.js';

/** Someone who votes, as a named poll's host sees them. */
export interface FakeVoter {
  displayName: string;
  avatarUrl?: string;
}

/** A poll a {@link FakePolls} starts with. */
export interface FakePollSeed extends PollInit {
  /** Default `poll-1`, `poll-2`, … */
  id?: string;
  /** Default `draft`. */
  state?: PollState;
  /** Ballots others cast already. */
  ballots?: { voter: FakeVoter; choices: number[] }[];
  /** The local participant already voted with these choices. */
  selfChoices?: number[];
}

/** Everything a {@link FakePolls} starts with. */
export interface FakePollsOptions {
  /** The local participant's role, or a function asked each time (default `participant`). */
  role?: Role | (() => Role);
  polls?: FakePollSeed[];
  /** The local participant on their named ballots (default "You"). */
  self?: FakeVoter;
  /** Every call rejects with this error. */
  error?: Error;
}

/** A call made on the fake, for assertions. */
export interface FakePollsCall {
  method: string;
  args: unknown[];
}

/** What the server keeps of a poll: named ballots only for named polls, a tally for all. */
interface StoredPoll {
  id: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  resultsShared: boolean;
  state: PollState;
  voters: number;
  counts: number[];
  ballots: NamedBallot[];
  selfVoted: boolean;
}

const OTHER_NAMES = ['Bob Martin', 'Carol Diaz', 'Dan Okafor', 'Eve Laurent', 'Farah Khan', 'Gus Nakamura'];

/**
 * A {@link PollsApi} without a server, for stories and element tests. It keeps polls as the
 * server would and applies the server's rules: only hosts create and run polls, participants
 * never see drafts, one final ballot per participant in an open poll, results for participants
 * only while shared, voter names only for hosts of named polls and never stored for anonymous
 * ones. Refusals reject with `RequestError` and the server's codes. Every call is recorded in
 * `calls`; helpers play the other participants and hosts.
 */
export class FakePolls extends TypedEmitter<PollsEvents> implements PollsApi {
  readonly calls: FakePollsCall[] = [];
  /** Every call rejects with this error while set. */
  error: Error | undefined;
  /** While true, calls wait for {@link release} (to show busy states). */
  hold = false;
  readonly #stored = new Map<string, StoredPoll>();
  /** What the local participant last saw of each poll (the `previous` of the next update). */
  readonly #seen = new Map<string, Poll>();
  readonly #role: () => Role;
  readonly #self: FakeVoter;
  #waiting: (() => void)[] = [];
  #nextId = 1;
  #nextVoter = 0;

  constructor(options: FakePollsOptions = {}) {
    super();
    const role = options.role ?? 'participant';
    this.#role = typeof role === 'function' ? role : () => role;
    this.#self = options.self ?? { displayName: 'You' };
    this.error = options.error;
    for (const seed of options.polls ?? []) this.add(seed);
  }

  get canManage(): boolean {
    return this.#role() === 'host';
  }

  get polls(): readonly Poll[] {
    return [...this.#stored.values()].filter((stored) => this.#visible(stored)).map((stored) => this.#view(stored));
  }



  /** The calls of one method. */
  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  /** Lets calls made while `hold` was set go on. */
  release(): void {
    this.hold = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resume of waiting) resume();
  }

  async create(init: PollInit): Promise<Poll> {
    await this.#call('create', init);
    this.#requireHost('createPoll');
    const question = typeof init.question === 'string' ? init.question.trim() : '';
    if (question === '') throw new RequestError('createPoll', 'bad_request', 'question is empty');
    const options = Array.isArray(init.options) ? init.options.map((option) => String(option).trim()) : [];
    if (options.length < 2 || options.length > MAX_POLL_OPTIONS) {
      throw new RequestError('createPoll', 'bad_request', `a poll needs 2–${MAX_POLL_OPTIONS} options`);
    }
    if (options.some((option) => option === '')) throw new RequestError('createPoll', 'bad_request', 'an option is empty');
    const id = this.add({ ...init, question, options, state: 'draft' });
    return this.#view(this.#stored.get(id)!);
  }

  async open(pollId: string): Promise<void> {
    await this.#call('open', pollId);
    this.#requireHost('openPoll');
    const stored = this.#find('openPoll', pollId);
    if (stored.state !== 'draft') throw new RequestError('openPoll', 'conflict', 'only a draft can be opened');
    this.#change(stored, { state: 'open' });
  }

  async close(pollId: string): Promise<void> {
    await this.#call('close', pollId);
    this.#requireHost('closePoll');
    const stored = this.#find('closePoll', pollId);
    if (stored.state !== 'open') throw new RequestError('closePoll', 'conflict', 'only an open poll can be closed');
    this.#change(stored, { state: 'closed' });
  }

  async remove(pollId: string): Promise<void> {
    await this.#call('remove', pollId);
    this.#requireHost('deletePoll');
    this.#find('deletePoll', pollId);
    this.delete(pollId);
  }

  async setResultsShared(pollId: string, shared: boolean): Promise<void> {
    await this.#call('setResultsShared', pollId, shared);
    this.#requireHost('sharePollResults');
    this.#change(this.#find('sharePollResults', pollId), { resultsShared: shared });
  }

  async vote(pollId: string, choices: number[]): Promise<void> {
    await this.#call('vote', pollId, choices);
    const stored = this.#find('vote', pollId);
    if (stored.state !== 'open') throw new RequestError('vote', 'conflict', 'the poll is not open');
    if (stored.selfVoted) throw new RequestError('vote', 'conflict', 'you have already voted');
    const problem = checkChoices(stored, choices);
    if (problem !== undefined) throw new RequestError('vote', 'bad_request', problem);
    this.#tally(stored, choices, this.#self);
    this.#change(stored, { selfVoted: true });
  }

  // Helpers that play the server, other hosts and other participants.

  /** A poll appears (drafted by another host, or already running); returns its id. */
  add(seed: FakePollSeed): string {
    const id = seed.id ?? `poll-${this.#nextId++}`;
    const stored: StoredPoll = {
      id,
      question: seed.question,
      options: [...seed.options],
      multiple: seed.multiple ?? false,
      anonymous: seed.anonymous ?? false,
      resultsShared: seed.shareResults ?? false,
      state: seed.state ?? 'draft',
      voters: 0,
      counts: seed.options.map(() => 0),
      ballots: [],
      selfVoted: false,
    };
    for (const ballot of seed.ballots ?? []) this.#tally(stored, ballot.choices, ballot.voter);
    if (seed.selfChoices !== undefined) {
      this.#tally(stored, seed.selfChoices, this.#self);
      stored.selfVoted = true;
    }
    this.#stored.set(id, stored);
    this.#publish(stored);
    return id;
  }

  /** Another participant votes; named polls record `voter` (default: the next made-up name). */
  castVote(pollId: string, choices: number[], voter?: FakeVoter): void {
    const stored = this.#stored.get(pollId);
    if (stored === undefined || stored.state !== 'open') throw new RangeError(`poll "${pollId}" is not open`);
    const problem = checkChoices(stored, choices);
    if (problem !== undefined) throw new RangeError(problem);
    this.#tally(stored, choices, voter ?? { displayName: OTHER_NAMES[this.#nextVoter++ % OTHER_NAMES.length]! });
    this.#change(stored, {});
  }

  /** Another host opens or closes a poll. */
  setState(pollId: string, state: PollState): void {
    this.#change(this.#require(pollId), { state });
  }

  /** Another host shares or hides a poll's results. */
  share(pollId: string, shared: boolean): void {
    this.#change(this.#require(pollId), { resultsShared: shared });
  }

  /** Another host deletes a poll. */
  delete(pollId: string): void {
    this.#stored.delete(pollId);
    if (this.#seen.delete(pollId)) this.safeEmit('pollremoved', pollId);
  }

  async #call(method: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    if (this.hold) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    if (this.error !== undefined) throw this.error;
  }

  #requireHost(method: string): void {
    if (!this.canManage) throw new RequestError(method, 'forbidden', 'only hosts can run polls');
  }

  #find(method: string, pollId: string): StoredPoll {
    const stored = this.#stored.get(pollId);
    if (stored === undefined || !this.#visible(stored)) throw new RequestError(method, 'not_found', 'no such poll');
    return stored;
  }

  #require(pollId: string): StoredPoll {
    const stored = this.#stored.get(pollId);
    if (stored === undefined) throw new RangeError(`no poll "${pollId}"`);
    return stored;
  }

  #tally(stored: StoredPoll, choices: number[], voter: FakeVoter): void {
    stored.voters++;
    for (const choice of choices) stored.counts[choice] = (stored.counts[choice] ?? 0) + 1;
    // An anonymous poll keeps the tally only: nothing links the voter to the choice.
    if (!stored.anonymous) stored.ballots.push({ ...voter, choices: [...choices].sort((a, b) => a - b) });
  }

  #change(stored: StoredPoll, patch: Partial<StoredPoll>): void {
    Object.assign(stored, patch);
    this.#publish(stored);
  }

  /** Sends the local participant the poll as they may see it, as the server's `pollUpdated` would. */
  #publish(stored: StoredPoll): void {
    if (!this.#visible(stored)) return;
    const view = this.#view(stored);
    const previous = this.#seen.get(stored.id);
    this.#seen.set(stored.id, view);
    this.safeEmit('pollupdated', view, previous);
  }

  #visible(stored: StoredPoll): boolean {
    return this.canManage || stored.state !== 'draft';
  }

  #view(stored: StoredPoll): Poll {
    const host = this.canManage;
    return {
      id: stored.id,
      question: stored.question,
      options: [...stored.options],
      multiple: stored.multiple,
      anonymous: stored.anonymous,
      resultsShared: stored.resultsShared,
      state: stored.state,
      voted: stored.selfVoted,
      results: host || stored.resultsShared ? { voters: stored.voters, counts: [...stored.counts] } : null,
      ...(host && !stored.anonymous ? { ballots: stored.ballots.map((ballot) => ({ ...ballot, choices: [...ballot.choices] })) } : {}),
    };
  }

}

/** Why `choices` is not a valid ballot for `poll`, if it is not. */
function checkChoices(poll: StoredPoll, choices: number[]): string | undefined {
  if (!Array.isArray(choices) || choices.length === 0) return 'choose at least one option';
  if (choices.some((choice) => !Number.isInteger(choice) || choice < 0 || choice >= poll.options.length)) return 'no such option';
  if (new Set(choices).size !== choices.length) return 'an option was chosen twice';
  if (!poll.multiple && choices.length > 1) return 'choose one option';
  return undefined;
}
