import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import type { MeetingClientApi, MeetingState } from '../../core/meeting-types.js';
import type { Poll, PollsApi } from '../../core/polls/poll-types.js';
import { baseStyles, surfaceButtonStyles, type ThemeName } from '../internal/base.styles.js';
import { ClientSource } from '../internal/client-source.js';
import { LazyViews, lazyStyles } from '../internal/lazy.js';
import { LocaleController, msg, str } from '../internal/localize.js';
import { WePollCloseEvent, WePollOpenEvent, WeVoteEvent } from '../internal/events/index.js';
import { PollFormController } from './poll-form-controller.js';
import { NEW_POLL_ID, POLL_VIEWS, POLLS_HEADING_ID } from './poll-modules.js';
import { pollStyles } from './poll.styles.js';

type PollViews = typeof import('./poll-lazy-views.js');

/** States in which the client has a meeting's polls. */
const IN_MEETING: ReadonlySet<MeetingState> = new Set(['joined', 'reconnecting']);

/**
 * The meeting's polls. Hosts draft polls (a question, 2–10 options, one or several answers,
 * named or anonymous, results shared with participants or not), open, close and delete
 * them, and follow the results live: a bar per option with its count and percentage and,
 * for named polls, who chose what. Participants see each open poll with a clear "Anonymous"
 * or "Named — the host will see your choice" label, vote once (the form says a vote is
 * final), get a confirmation, and see the results when a host shares them.
 *
 * The element uses the `client` set on it if there is one, else the client of the
 * `<we-meeting>` whose id `for` names, else that of the `<we-meeting>` it sits in. Whether
 * the host or the participant view shows follows the local participant's role. New, closed
 * and shared polls are announced to screen readers through a polite live region. Voter
 * names are shown with phone numbers and e-mail addresses masked.
 *
 * @summary Named and anonymous polls for a meeting.
 * @fires {WePollOpenEvent} we-poll-open - A poll opened for votes (whichever host opened it).
 * @fires {WePollCloseEvent} we-poll-close - An open poll was closed.
 * @fires {WeVoteEvent} we-vote - The server accepted this participant's ballot.
 * @csspart polls - The section holding everything.
 * @csspart heading - The Polls heading, a poll's question, the New poll and Who voted headings.
 * @csspart new - The New poll button (hosts).
 * @csspart form - The New poll form (hosts).
 * @csspart list - The list of polls.
 * @csspart poll - One poll.
 * @csspart state - A poll's Draft, Open or Closed badge.
 * @csspart privacy - A poll's Named or Anonymous label.
 * @csspart control - A host's Open poll, Close poll, Share results, Delete, Delete poll and Keep poll buttons.
 * @csspart results - A poll's results.
 * @csspart bar - The bar of one option's share of the voters.
 * @csspart voters - The Who voted list of a named poll (hosts).
 * @csspart avatar - A voter's avatar or initial.
 * @csspart vote - The Vote button.
 * @csspart confirmation - The "your vote was counted" message.
 * @csspart empty - The message shown when there is no poll.
 * @csspart error - An error message.
 * @csspart loading - Shown while the polls' views load, the first time a meeting is on.
 * @csspart load-error - Says the polls' views could not be loaded, above its Try again button.
 * @csspart retry - The Try again button after the polls' views failed to load.
 * @cssprop [--we-poll-background=var(--we-meeting-background)] - Background. Default: dark #111827, light #ffffff.
 * @cssprop [--we-poll-color=var(--we-meeting-color)] - Text colour. Default: dark #f9fafb, light #111827.
 * @cssprop [--we-poll-muted-color=var(--we-meeting-muted-color)] - Secondary text colour. Default: dark #d1d5db, light #4b5563.
 * @cssprop [--we-poll-surface=var(--we-meeting-surface)] - Background of polls, the form and buttons. Default: dark #1f2937, light #f3f4f6.
 * @cssprop [--we-poll-surface-hover=var(--we-meeting-surface-hover)] - Hovered buttons and options, borders. Default: dark #374151, light #e5e7eb.
 * @cssprop [--we-poll-accent=var(--we-meeting-accent)] - Focus ring, checked inputs, labels' edge. Default: dark #60a5fa, light #1d4ed8.
 * @cssprop [--we-poll-primary=var(--we-meeting-primary)] - Background of New poll, Create poll, Open poll and Vote. Default: #2563eb in both themes.
 * @cssprop [--we-poll-danger=var(--we-meeting-danger)] - Background of Delete poll. Default: #b91c1c in both themes.
 * @cssprop [--we-poll-error-color=var(--we-meeting-error-color)] - Error text colour. Default: dark #fca5a5, light #b91c1c.
 * @cssprop [--we-poll-bar-color=var(--we-poll-accent)] - Fill of the result bars.
 * @cssprop [--we-poll-padding=1rem] - Inner spacing.
 * @cssprop [--we-poll-radius=12px] - Corner radius.
 * @cssprop [--we-poll-font=var(--we-meeting-font, system-ui, sans-serif)] - Font family.
 */
export class WePollElement extends LitElement {
  static override styles = [baseStyles, surfaceButtonStyles, lazyStyles, pollStyles];

  static override properties = {
    for: { type: String },
    theme: { type: String, reflect: true },
    _pending: { state: true },
    _errors: { state: true },
    _problems: { state: true },
    _selections: { state: true },
    _ownChoices: { state: true },
    _confirmDelete: { state: true },
    _announcement: { state: true },
  };

  /** Id of the `<we-meeting>` whose polls to show, when the element is not inside it. */
  declare for: string | null;
  /**
   * Colour theme, `light` or `dark`, reflected as the `theme` attribute; without it the element
   * follows the `theme` of the `<we-meeting>` it is inside, if that has one, else the system's
   * `prefers-color-scheme`.
   */
  declare theme: ThemeName | undefined;
  declare private _pending: ReadonlySet<string>;
  declare private _errors: ReadonlyMap<string, unknown>;
  declare private _problems: ReadonlyMap<string, () => string>;
  declare private _selections: ReadonlyMap<string, readonly number[]>;
  declare private _ownChoices: ReadonlyMap<string, readonly number[]>;
  declare private _confirmDelete: string | undefined;
  declare private _announcement: string;

  readonly #locale = new LocaleController(this);
  /** The views of a meeting's polls, loaded the first time a meeting is on. */
  readonly #views = new LazyViews(this, POLL_VIEWS);
  readonly #source = new ClientSource(this, (client) => this.#follow(client));
  readonly #form = new PollFormController(this, {
    api: () => this.#source.client?.polls,
    focus: (selector) => void this.#focusAfterUpdate(selector),
    onCreated: (poll) => void this.#created(poll),
    onCancelled: () => void this.#focusAfterUpdate(`#${NEW_POLL_ID}`),
  });
  /** The client the view's state (form, selections, errors) belongs to. */
  #stateFor: MeetingClientApi | undefined;
  /** The client whose events are followed, while connected. */
  #listening: MeetingClientApi | undefined;
  #unlisten: (() => void)[] = [];
  readonly #domIds = new Map<string, string>();

  constructor() {
    super();
    this.for = null;
    this.#resetView();
    this._announcement = '';
    // A `client` set before the element was defined hides the accessor; hand it over.
    if (Object.prototype.hasOwnProperty.call(this, 'client')) {
      const client = (this as { client?: MeetingClientApi }).client;
      delete (this as { client?: MeetingClientApi }).client;
      this.client = client;
    }
  }

  /**
   * The meeting client in use. Set it to use a client of your own (it wins over `for` and
   * the enclosing `<we-meeting>`); set `undefined` to go back to those.
   */
  get client(): MeetingClientApi | undefined {
    return this.#source.client;
  }

  set client(client: MeetingClientApi | undefined) {
    this.#source.explicit = client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#follow(this.#source.client);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopListening();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('for')) this.#source.for = this.for ?? null;
  }

  /** Renders in the element's language (see `LocaleController`). */
  protected override update(changed: PropertyValues<this>): void {
    this.#locale.run(() => super.update(changed));
  }

  /** Renders once the translations of the element's language are here (see `LocaleController`). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#locale.whenReady(() => super.scheduleUpdate());
  }

  /** Also waits for the polls' views while they load, so that code awaiting this sees them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    return (await this.#views.settled()) ? super.getUpdateComplete() : complete;
  }

  protected override render(): TemplateResult {
    return html`${this.#body()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`;
  }

  #body(): TemplateResult {
    const client = this.#source.client;
    if (client === undefined || !IN_MEETING.has(client.state)) {
      return html`<section part="polls" aria-labelledby=${POLLS_HEADING_ID}>
        <div class="header"><h2 id=${POLLS_HEADING_ID} part="heading">${msg('Polls', { id: 'poll.heading' })}</h2></div>
        <p part="empty" class="muted">${msg('Polls appear here during a meeting.', { id: 'poll.no-meeting' })}</p>
      </section>`;
    }
    return this.#views.render((views) => this.#meetingBody(client, views));
  }

  #meetingBody(client: MeetingClientApi, { hostView, participantView }: PollViews): TemplateResult {
    const polls = client.polls;
    const domId = (pollId: string) => this.#domId(pollId);
    if (!polls.canManage) {
      return participantView({
        polls: polls.polls,
        selections: this._selections,
        ownChoices: this._ownChoices,
        pending: this._pending,
        problems: this._problems,
        errors: this._errors,
        domId,
        onSelect: (pollId, index, selected) => this.#select(pollId, index, selected),
        onVote: (pollId) => void this.#vote(pollId),
      });
    }
    return hostView({
      polls: polls.polls,
      form: this.#form.props(),
      pending: this._pending,
      errors: this._errors,
      confirmDelete: this._confirmDelete,
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

  // Following the client.

  #follow(client: MeetingClientApi | undefined): void {
    if (client !== this.#stateFor) {
      this.#stateFor = client;
      this.#resetView();
    }
    if (client === this.#listening && client !== undefined) return;
    this.#stopListening();
    if (client === undefined || !this.isConnected) return;
    this.#listening = client;
    this.#unlisten = [
      client.polls.on('pollupdated', (poll, previous) => this.#onPollUpdated(client.polls, poll, previous)),
      client.polls.on('pollremoved', (pollId) => this.#forget(pollId)),
      client.on('statechange', () => this.requestUpdate()),
      client.on('participantupdated', (participant) => {
        // A host may have made this participant a host: the view follows the role.
        if (participant.isSelf) this.requestUpdate();
      }),
    ];
    this.requestUpdate();
  }

  #stopListening(): void {
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    this.#listening = undefined;
  }

  #resetView(): void {
    this.#form.reset();
    this._pending = new Set();
    this._errors = new Map();
    this._problems = new Map();
    this._selections = new Map();
    this._ownChoices = new Map();
    this._confirmDelete = undefined;
  }

  #onPollUpdated(api: PollsApi, poll: Poll, previous: Poll | undefined): void {
    if (poll.state === 'open' && previous?.state !== 'open') {
      this.#announce(() =>
        api.canManage
          ? msg(str`Poll opened: ${poll.question}`, { id: 'poll.announce.opened' })
          : msg(str`New poll: ${poll.question}`, { id: 'poll.announce.new' }),
      );
      this.dispatchEvent(new WePollOpenEvent(poll));
    } else if (poll.state === 'closed' && previous?.state === 'open') {
      this.#announce(() => msg(str`Poll closed: ${poll.question}`, { id: 'poll.announce.closed' }));
      this._selections = without(this._selections, poll.id);
      this._problems = without(this._problems, poll.id);
      this.dispatchEvent(new WePollCloseEvent(poll));
    } else if (!api.canManage && poll.results !== null && previous !== undefined && previous.results === null) {
      this.#announce(() => msg(str`Results shared: ${poll.question}`, { id: 'poll.announce.shared' }));
    }
    this.requestUpdate();
  }

  #forget(pollId: string): void {
    this._pending = withoutItem(this._pending, pollId);
    this._errors = without(this._errors, pollId);
    this._problems = without(this._problems, pollId);
    this._selections = without(this._selections, pollId);
    this._ownChoices = without(this._ownChoices, pollId);
    if (this._confirmDelete === pollId) this._confirmDelete = undefined;
    this.requestUpdate();
  }

  /** Says `text` (in the element's language) through the live region; the same text twice is still announced. */
  #announce(words: () => string): void {
    const text = this.#locale.run(words);
    this._announcement = this._announcement === text ? `${text}\u00a0` : text;
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
    return this.#source.client?.polls.polls.find((candidate) => candidate.id === pollId);
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
    const api = this.#source.client?.polls;
    if (api === undefined || this._pending.has(pollId)) return false;
    const client = this.#stateFor;
    this._pending = new Set(this._pending).add(pollId);
    this._errors = without(this._errors, pollId);
    try {
      await call(api);
      return true;
    } catch (error) {
      if (client === this.#stateFor) this._errors = new Map(this._errors).set(pollId, error);
      return false;
    } finally {
      if (client === this.#stateFor) {
        this._pending = withoutItem(this._pending, pollId);
        // The button pressed may be gone (Open poll becomes Close poll): keep focus in the poll.
        if (focus === 'heading') {
          await this.#focusAfterUpdate(pollHeading(pollId));
        }
      }
    }
  }

  async #askDelete(pollId: string): Promise<void> {
    this._confirmDelete = pollId;
    this._errors = without(this._errors, pollId);
    await this.#focusAfterUpdate(`${pollSelector(pollId)} [data-action="keep"]`);
  }

  async #keep(pollId: string): Promise<void> {
    this._confirmDelete = undefined;
    await this.#focusAfterUpdate(`${pollSelector(pollId)} [data-action="delete"]`);
  }

  async #delete(pollId: string): Promise<void> {
    const poll = this.#poll(pollId);
    const deleted = await this.#manage(pollId, (api) => api.remove(pollId));
    if (!deleted) return;
    if (this._confirmDelete === pollId) this._confirmDelete = undefined;
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
    const current = this._selections.get(pollId) ?? [];
    let next: number[];
    if (!poll.multiple) next = selected ? [index] : [];
    else next = selected ? [...new Set([...current, index])].sort((a, b) => a - b) : current.filter((choice) => choice !== index);
    this._selections = new Map(this._selections).set(pollId, next);
    this._problems = without(this._problems, pollId);
  }

  async #vote(pollId: string): Promise<void> {
    const poll = this.#poll(pollId);
    if (poll === undefined || this._pending.has(pollId)) return;
    const choices = [...(this._selections.get(pollId) ?? [])];
    if (choices.length === 0) {
      const problem = poll.multiple
        ? () => msg('Choose at least one option.', { id: 'poll.vote.none-chosen' })
        : () => msg('Choose an option.', { id: 'poll.vote.nothing-chosen' });
      this._problems = new Map(this._problems).set(pollId, problem);
      await this.#focusAfterUpdate(`${pollSelector(pollId)} input`);
      return;
    }
    const client = this.#stateFor;
    this._problems = without(this._problems, pollId);
    const voted = await this.#manage(pollId, (api) => api.vote(pollId, choices));
    if (!voted || client !== this.#stateFor) return;
    this._ownChoices = new Map(this._ownChoices).set(pollId, choices);
    this._selections = without(this._selections, pollId);
    this.dispatchEvent(new WeVoteEvent(poll, choices));
    await this.#focusAfterUpdate(`${pollSelector(pollId)} [part="confirmation"]`);
  }

  // Focus.

  /** Moves focus once the element has rendered; returns whether `selector` matched. */
  async #focusAfterUpdate(selector: string): Promise<boolean> {
    await this.updateComplete;
    return this.#focus(selector);
  }

  #focus(selector: string): boolean {
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
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
