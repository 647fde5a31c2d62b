import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import type { MeetingClientApi, MeetingState } from '../../core/meeting-types.js';
import type { Poll, PollsApi } from '../../core/polls/poll-types.js';
import { WePollCloseEvent, WePollOpenEvent, WeVoteEvent } from '../internal/events/index.js';
import { addStyles } from '../internal/lazy.js';
import { msg, str } from '../internal/localize.js';
import { PollFormController } from './poll-form-controller.js';
import { hostView } from './poll-host-view.js';
import { NEW_POLL_ID, outsideMeeting } from './poll-modules.js';
import { participantView } from './poll-vote-view.js';
import { pollStyles } from './poll.styles.js';

/** States in which the client has a meeting's polls. */
const IN_MEETING: ReadonlySet<MeetingState> = new Set(['joined', 'reconnecting']);

/** What the element tells its view: the client in use, and its language. */
export interface PollShell {
  /** The client the element uses now (its `client`, `for` or enclosing meeting). */
  readonly client: MeetingClientApi | undefined;
  /** Runs `fn` in the element's language. */
  run<T>(fn: () => T): T;
}

interface PollState {
  pending: ReadonlySet<string>;
  errors: ReadonlyMap<string, unknown>;
  problems: ReadonlyMap<string, () => string>;
  selections: ReadonlyMap<string, readonly number[]>;
  ownChoices: ReadonlyMap<string, readonly number[]>;
  confirmDelete: string | undefined;
  announcement: string;
}

/**
 * Everything `<we-poll>` does and shows once it has a client, loaded with its views: it
 * follows the client's polls (announcing new, closed and shared ones and firing the poll
 * events), and runs a host's New poll form and poll controls or a participant's ballots. The
 * element keeps its public surface and hands the rest to this controller.
 */
export class PollView implements ReactiveController {
  readonly #host: LitElement;
  readonly #shell: PollShell;
  #state: PollState = {
    pending: new Set(),
    errors: new Map(),
    problems: new Map(),
    selections: new Map(),
    ownChoices: new Map(),
    confirmDelete: undefined,
    announcement: '',
  };
  readonly #form: PollFormController;
  /** The client the view's state (form, selections, errors) belongs to. */
  #stateFor: MeetingClientApi | undefined;
  /** The client whose events are followed, while connected. */
  #listening: MeetingClientApi | undefined;
  #unlisten: (() => void)[] = [];
  readonly #domIds = new Map<string, string>();

  constructor(host: LitElement, shell: PollShell) {
    this.#host = host;
    this.#shell = shell;
    this.#form = new PollFormController(host, {
      api: () => this.#shell.client?.polls,
      focus: (selector) => void this.#focusAfterUpdate(selector),
      onCreated: (poll) => void this.#created(poll),
      onCancelled: () => void this.#focusAfterUpdate(`#${NEW_POLL_ID}`),
    });
    addStyles(host, [pollStyles]);
    host.addController(this);
  }

  hostConnected(): void {
    this.follow(this.#shell.client);
  }

  hostDisconnected(): void {
    this.#stopListening();
  }

  render(): TemplateResult {
    const client = this.#shell.client;
    const body = client === undefined || !IN_MEETING.has(client.state) ? outsideMeeting() : this.#meetingBody(client);
    return html`${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#state.announcement}</div>`;
  }

  /** Follows `client` (the one the element uses now), dropping the previous one. */
  follow(client: MeetingClientApi | undefined): void {
    if (client !== this.#stateFor) {
      this.#stateFor = client;
      this.#resetView();
    }
    if (client === this.#listening && client !== undefined) return;
    this.#stopListening();
    if (client === undefined || !this.#host.isConnected) return;
    this.#listening = client;
    this.#unlisten = [
      client.polls.on('pollupdated', (poll, previous) => this.#onPollUpdated(client.polls, poll, previous)),
      client.polls.on('pollremoved', (pollId) => this.#forget(pollId)),
      client.on('statechange', () => this.#host.requestUpdate()),
      client.on('participantupdated', (participant) => {
        // A host may have made this participant a host: the view follows the role.
        if (participant.isSelf) this.#host.requestUpdate();
      }),
    ];
    this.#host.requestUpdate();
  }

  /** Changes the state as a reactive property would: the element re-renders on a real change. */
  #set<K extends keyof PollState>(key: K, value: PollState[K]): void {
    if (this.#state[key] === value) return;
    this.#state = { ...this.#state, [key]: value };
    this.#host.requestUpdate();
  }

  #meetingBody(client: MeetingClientApi): TemplateResult {
    const polls = client.polls;
    const domId = (pollId: string) => this.#domId(pollId);
    if (!polls.canManage) {
      return participantView({
        polls: polls.polls,
        selections: this.#state.selections,
        ownChoices: this.#state.ownChoices,
        pending: this.#state.pending,
        problems: this.#state.problems,
        errors: this.#state.errors,
        domId,
        onSelect: (pollId, index, selected) => this.#select(pollId, index, selected),
        onVote: (pollId) => void this.#vote(pollId),
      });
    }
    return hostView({
      polls: polls.polls,
      form: this.#form.props(),
      pending: this.#state.pending,
      errors: this.#state.errors,
      confirmDelete: this.#state.confirmDelete,
      domId,
      onNew: () => this.#form.show(),
      onOpen: (pollId) => void this.#manage(pollId, (api) => api.open(pollId), 'heading'),
      onClose: (pollId) => void this.#manage(pollId, (api) => api.close(pollId), 'heading'),
      onShare: (pollId, shared) => void this.#manage(pollId, (api) => api.setResultsShared(pollId, shared)),
      onAskDelete: (pollId) => void this.#askDelete(pollId),
      onDelete: (pollId) => void this.#delete(pollId),
      onKeep: (pollId) => void this.#keep(pollId),
    });
  }

  #stopListening(): void {
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    this.#listening = undefined;
  }

  #resetView(): void {
    this.#form.reset();
    this.#set('pending', new Set());
    this.#set('errors', new Map());
    this.#set('problems', new Map());
    this.#set('selections', new Map());
    this.#set('ownChoices', new Map());
    this.#set('confirmDelete', undefined);
  }

  #onPollUpdated(api: PollsApi, poll: Poll, previous: Poll | undefined): void {
    if (poll.state === 'open' && previous?.state !== 'open') {
      this.#announce(() =>
        api.canManage
          ? msg(str`Poll opened: ${poll.question}`, { id: 'poll.announce.opened' })
          : msg(str`New poll: ${poll.question}`, { id: 'poll.announce.new' }),
      );
      this.#host.dispatchEvent(new WePollOpenEvent(poll));
    } else if (poll.state === 'closed' && previous?.state === 'open') {
      this.#announce(() => msg(str`Poll closed: ${poll.question}`, { id: 'poll.announce.closed' }));
      this.#set('selections', without(this.#state.selections, poll.id));
      this.#set('problems', without(this.#state.problems, poll.id));
      this.#host.dispatchEvent(new WePollCloseEvent(poll));
    } else if (!api.canManage && poll.results !== null && previous !== undefined && previous.results === null) {
      this.#announce(() => msg(str`Results shared: ${poll.question}`, { id: 'poll.announce.shared' }));
    }
    this.#host.requestUpdate();
  }

  #forget(pollId: string): void {
    this.#set('pending', withoutItem(this.#state.pending, pollId));
    this.#set('errors', without(this.#state.errors, pollId));
    this.#set('problems', without(this.#state.problems, pollId));
    this.#set('selections', without(this.#state.selections, pollId));
    this.#set('ownChoices', without(this.#state.ownChoices, pollId));
    if (this.#state.confirmDelete === pollId) this.#set('confirmDelete', undefined);
    this.#host.requestUpdate();
  }

  /** Says `text` (in the element's language) through the live region; the same text twice is still announced. */
  #announce(words: () => string): void {
    const text = this.#shell.run(words);
    this.#set('announcement', this.#state.announcement === text ? `${text}\u00a0` : text);
  }

  #domId(pollId: string): string {
    let id = this.#domIds.get(pollId);
    if (id === undefined) {
      id = `poll-${this.#domIds.size + 1}`;
      this.#domIds.set(pollId, id);
    }
    return id;
  }

  #poll(pollId: string): Poll | undefined {
    return this.#shell.client?.polls.polls.find((candidate) => candidate.id === pollId);
  }

  // Host: the New poll form.

  async #created(poll: Poll): Promise<void> {
    this.#announce(() => msg(str`Poll created as a draft: ${poll.question}`, { id: 'poll.announce.created' }));
    const focused = await this.#focusAfterUpdate(pollHeading(poll.id));
    if (!focused) this.#focus(`#${NEW_POLL_ID}`);
  }

  // Host: running polls (and a participant's vote, which goes the same way).

  /** Makes a call for a poll, one at a time per poll, showing its failure with the poll; returns whether it went through. */
  async #manage(pollId: string, call: (api: PollsApi) => Promise<void>, focus?: 'heading'): Promise<boolean> {
    const api = this.#shell.client?.polls;
    if (api === undefined || this.#state.pending.has(pollId)) return false;
    const client = this.#stateFor;
    this.#set('pending', new Set(this.#state.pending).add(pollId));
    this.#set('errors', without(this.#state.errors, pollId));
    try {
      await call(api);
      return true;
    } catch (error) {
      if (client === this.#stateFor) this.#set('errors', new Map(this.#state.errors).set(pollId, error));
      return false;
    } finally {
      if (client === this.#stateFor) {
        this.#set('pending', withoutItem(this.#state.pending, pollId));
        // The button pressed may be gone (Open poll becomes Close poll): keep focus in the poll.
        if (focus === 'heading') {
          await this.#focusAfterUpdate(pollHeading(pollId));
        }
      }
    }
  }

  async #askDelete(pollId: string): Promise<void> {
    this.#set('confirmDelete', pollId);
    this.#set('errors', without(this.#state.errors, pollId));
    await this.#focusAfterUpdate(`${pollSelector(pollId)} [data-action="keep"]`);
  }

  async #keep(pollId: string): Promise<void> {
    this.#set('confirmDelete', undefined);
    await this.#focusAfterUpdate(`${pollSelector(pollId)} [data-action="delete"]`);
  }

  async #delete(pollId: string): Promise<void> {
    const poll = this.#poll(pollId);
    const deleted = await this.#manage(pollId, (api) => api.remove(pollId));
    if (!deleted) return;
    if (this.#state.confirmDelete === pollId) this.#set('confirmDelete', undefined);
    this.#announce(() =>
      poll === undefined
        ? msg('Poll deleted', { id: 'poll.announce.deleted' })
        : msg(str`Poll deleted: ${poll.question}`, { id: 'poll.announce.deleted-named' }),
    );
    await this.#focusAfterUpdate(`#${NEW_POLL_ID}`);
  }

  // Participant: voting.

  #select(pollId: string, index: number, selected: boolean): void {
    const poll = this.#poll(pollId);
    if (poll === undefined) return;
    const current = this.#state.selections.get(pollId) ?? [];
    let next: number[];
    if (!poll.multiple) next = selected ? [index] : [];
    else next = selected ? [...new Set([...current, index])].sort((a, b) => a - b) : current.filter((choice) => choice !== index);
    this.#set('selections', new Map(this.#state.selections).set(pollId, next));
    this.#set('problems', without(this.#state.problems, pollId));
  }

  async #vote(pollId: string): Promise<void> {
    const poll = this.#poll(pollId);
    if (poll === undefined || this.#state.pending.has(pollId)) return;
    const choices = [...(this.#state.selections.get(pollId) ?? [])];
    if (choices.length === 0) {
      const problem = poll.multiple
        ? () => msg('Choose at least one option.', { id: 'poll.vote.none-chosen' })
        : () => msg('Choose an option.', { id: 'poll.vote.nothing-chosen' });
      this.#set('problems', new Map(this.#state.problems).set(pollId, problem));
      await this.#focusAfterUpdate(`${pollSelector(pollId)} input`);
      return;
    }
    const client = this.#stateFor;
    this.#set('problems', without(this.#state.problems, pollId));
    const voted = await this.#manage(pollId, (api) => api.vote(pollId, choices));
    if (!voted || client !== this.#stateFor) return;
    this.#set('ownChoices', new Map(this.#state.ownChoices).set(pollId, choices));
    this.#set('selections', without(this.#state.selections, pollId));
    this.#host.dispatchEvent(new WeVoteEvent(poll, choices));
    await this.#focusAfterUpdate(`${pollSelector(pollId)} [part="confirmation"]`);
  }

  // Focus.

  /** Moves focus once the element has rendered; returns whether `selector` matched. */
  async #focusAfterUpdate(selector: string): Promise<boolean> {
    await this.#host.updateComplete;
    return this.#focus(selector);
  }

  #focus(selector: string): boolean {
    const target = this.#host.renderRoot.querySelector<HTMLElement>(selector);
    target?.focus();
    return target !== null;
  }
}

function pollSelector(pollId: string): string {
  return `[data-poll-id="${CSS.escape(pollId)}"]`;
}

/** A poll's question heading, where focus goes when the control pressed is gone. */
function pollHeading(pollId: string): string {
  return `${pollSelector(pollId)} h3`;
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

function withoutItem(set: ReadonlySet<string>, item: string): ReadonlySet<string> {
  if (!set.has(item)) return set;
  const next = new Set(set);
  next.delete(item);
  return next;
}
