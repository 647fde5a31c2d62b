import type { Poll } from '../../protocol/index.js';

export type { Poll, PollState, NamedBallot } from '../../protocol/index.js';

/** What a host gives to create a poll. */
export interface PollInit {
  question: string;
  /** 2–10 options. */
  options: string[];
  /** Several options may be chosen (default false). */
  multiple?: boolean;
  /** Nobody, host included, can see who chose what (default false). Fixed at creation. */
  anonymous?: boolean;
  /** Participants see the results (default false). */
  shareResults?: boolean;
}

/** Events of a {@link PollsApi}. */
export type PollsEvents = {
  /** A poll was created or changed; `previous` is how it was before (absent for a new one). */
  pollupdated: [poll: Poll, previous: Poll | undefined];
  /** A host deleted a poll. */
  pollremoved: [pollId: string];
};

/**
 * The meeting's polls as this participant may see them. Hosts create and run polls; everyone
 * votes once per open poll. Every rule is enforced by the server; this only reflects it.
 */
export interface PollsApi {
  /** Every poll, oldest first. */
  readonly polls: readonly Poll[];
  /** Whether this participant is a host (may create and run polls). */
  readonly canManage: boolean;
  /** Host only: drafts a poll. Rejects with `RequestError` (`bad_request`, `forbidden`). */
  create(init: PollInit): Promise<Poll>;
  /** Host only: opens a poll for votes. */
  open(pollId: string): Promise<void>;
  /** Host only: closes a poll. */
  close(pollId: string): Promise<void>;
  /** Host only: deletes a poll and its results. */
  remove(pollId: string): Promise<void>;
  /** Host only: shows participants the results, or hides them. */
  setResultsShared(pollId: string, shared: boolean): Promise<void>;
  /**
   * Casts this participant's one ballot: indexes of the chosen options. A ballot is final.
   * Rejects with `RequestError` (`conflict`: closed or already voted; `bad_request`).
   */
  vote(pollId: string, choices: number[]): Promise<void>;
  on<E extends keyof PollsEvents>(event: E, listener: (...args: PollsEvents[E]) => void): () => void;
}
