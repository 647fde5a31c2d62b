import { html, type PropertyValues, type TemplateResult } from 'lit';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import { baseStyles, surfaceButtonStyles } from '../internal/base.styles.js';
import { CompanionElement } from '../internal/companion.js';
import { LazyViews, lazyStyles } from '../internal/lazy.js';
import { outsideMeeting, POLL_VIEWS } from './poll-modules.js';
import type { PollView } from './poll-view.js';
import { pollHostStyles } from './poll-host.styles.js';

/**
 * The meeting's polls. Hosts draft polls (a question, 2–10 options, one or several answers,
 * named or anonymous, results shared with participants or not), open, close and delete
 * them, and follow the results live: a bar per option with its count and percentage and,
 * for named polls, who chose what. Participants see each open poll with a clear "Anonymous"
 * or "Named — the host will see your choice" label, vote once (the form says a vote is
 * final), get a confirmation, and see the results when a host shares them.
 *
 * The element finds its meeting client as every companion element does (see
 * `CompanionElement`): the `client` set on it, else the client of the `<we-meeting>` whose id
 * `for` names, else that of the `<we-meeting>` it sits in. Whether
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
export class WePollElement extends CompanionElement {
  static override styles = [baseStyles, surfaceButtonStyles, lazyStyles, pollHostStyles];

  /** What the element does and shows once it has a client, loaded then (see `poll-view.ts`). */
  readonly #views = new LazyViews(this, POLL_VIEWS);
  #view: PollView | undefined;

  protected override clientChanged(client: MeetingClientApi | undefined): void {
    this.#view?.follow(client);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const views = POLL_VIEWS.value;
    if (views !== undefined && this.#view === undefined) {
      const element = this;
      this.#view = new views.PollView(this, { get client() { return element.client; }, run: (fn) => element.locale.run(fn) });
    }
  }

  /** Also waits for the polls' views while they load, so that code awaiting this sees them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    return (await this.#views.settled()) ? super.getUpdateComplete() : complete;
  }

  protected override render(): TemplateResult {
    if (this.#view !== undefined) return this.#view.render();
    // Until there is a client, what shows outside a meeting; then the views, loaded.
    if (this.client === undefined) {
      return html`${outsideMeeting()}<div class="visually-hidden" role="status" aria-live="polite"></div>`;
    }
    return this.#views.render(() => this.#view!.render());
  }
}
