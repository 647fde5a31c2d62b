import type { NamedBallot, Poll, PollState } from '../../protocol/index.js';
import type { StoredPoll } from '../store/store.js';

/** Who a poll view is for: their role now and, once known, their user id. */
export interface PollViewer {
  isHost: boolean;
  userId: string | undefined;
}

/**
 * One poll of a live meeting, in memory. What it holds mirrors the store: a tally, the set of
 * user ids who voted, and — for a named poll only — the ballots with names. For an anonymous
 * poll nothing here ties a user id to a choice: the voter set is kept sorted, so not even its
 * order says who voted when.
 */
export class LivePoll {
  readonly id: string;
  readonly question: string;
  readonly options: readonly string[];
  readonly multiple: boolean;
  readonly anonymous: boolean;
  readonly createdAt: number;
  state: PollState;
  resultsShared: boolean;
  readonly #counts: number[];
  #voterCount: number;
  #voted: ReadonlySet<string>;
  /** Named polls only, in the order they were cast. */
  readonly #ballots: NamedBallot[];

  constructor(stored: StoredPoll, voterIds: readonly string[] = []) {
    this.id = stored.id;
    this.question = stored.question;
    this.options = [...stored.options];
    this.multiple = stored.multiple;
    this.anonymous = stored.anonymous;
    this.createdAt = stored.createdAt;
    this.state = stored.state;
    this.resultsShared = stored.resultsShared;
    this.#counts = [...stored.counts];
    this.#voterCount = stored.voters;
    this.#voted = new Set([...voterIds].sort());
    this.#ballots = stored.anonymous
      ? []
      : (stored.ballots ?? []).map(({ displayName, avatarUrl, choices }) => ({
          displayName,
          ...(avatarUrl === null ? {} : { avatarUrl }),
          choices: [...choices],
        }));
  }

  hasVoted(userId: string): boolean {
    return this.#voted.has(userId);
  }

  /** Marks `userId` as having voted without counting anything (the store already had it). */
  markVoted(userId: string): void {
    // Rebuilt sorted: a Set iterates in insertion order, which would be the voting order.
    this.#voted = new Set([...this.#voted, userId].sort());
  }

  /** Counts one recorded ballot. `named` must be given for a named poll and only for one. */
  count(userId: string, choices: readonly number[], named?: { displayName: string; avatarUrl: string | undefined }): void {
    this.markVoted(userId);
    this.#voterCount += 1;
    for (const choice of choices) this.#counts[choice] = (this.#counts[choice] ?? 0) + 1;
    if (!this.anonymous && named !== undefined) {
      this.#ballots.push({
        displayName: named.displayName,
        ...(named.avatarUrl === undefined ? {} : { avatarUrl: named.avatarUrl }),
        choices: [...choices],
      });
    }
  }

  /** Whether `viewer` may see this poll at all: participants never see drafts. */
  visibleTo(viewer: Pick<PollViewer, 'isHost'>): boolean {
    return viewer.isHost || this.state !== 'draft';
  }

  /**
   * The poll as `viewer` may see it, or undefined when they may not see it. Hosts always get
   * the results; participants only while they are shared. Ballots go to hosts of named polls
   * only; an anonymous poll's view never carries one.
   */
  viewFor(viewer: PollViewer): Poll | undefined {
    if (!this.visibleTo(viewer)) return undefined;
    const results = viewer.isHost || this.resultsShared ? { voters: this.#voterCount, counts: [...this.#counts] } : null;
    return {
      id: this.id,
      question: this.question,
      options: [...this.options],
      multiple: this.multiple,
      anonymous: this.anonymous,
      resultsShared: this.resultsShared,
      state: this.state,
      voted: viewer.userId !== undefined && this.#voted.has(viewer.userId),
      results,
      ...(viewer.isHost && !this.anonymous
        ? { ballots: this.#ballots.map((ballot) => ({ ...ballot, choices: [...ballot.choices] })) }
        : {}),
    };
  }
}
