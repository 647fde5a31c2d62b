import { LitElement, nothing, type PropertyValues, type TemplateResult, html } from 'lit';
import {
  RecordsClient,
  type AuditEntry,
  type ExportFormat,
  type MeetingRecord,
  type MeetingSummary,
  type RecordsFetch,
} from '../../core/records/index.js';
import { WeExportEvent } from './export-event.js';
import { baseStyles, surfaceButtonStyles, type ThemeName } from '../internal/base.styles.js';
import { historyStyles } from './history.styles.js';
import { LocaleController } from '../internal/localize.js';
import { auditLog, DETAILS_HEADING_ID, meetingDetails, meetingList, type LoadState } from './history-views.js';
import { LazyModule, LazyViews } from '../internal/lazy.js';
import { RecordingsController } from './recordings-controller.js';

/** The recordings section, loaded when a meeting's details first open. */
const RECORDINGS_VIEW = new LazyModule('recordings view', () => import('./history-recordings-view.js'));
/** A smart recording's transcript, chapters, summaries and minutes, loaded when one is first ready. */
const SMART_VIEW = new LazyModule('smart recording view', () => import('./history-smart-view.js'));

const AUDIT_LIMIT = 50;
/** How long a download's object URL lives: long enough for a slow browser to start the download. */
const REVOKE_DELAY_MS = 10_000;

/**
 * A meeting creator's records: the meetings they created ("Your meetings", newest first, with
 * Load more), who took part in the chosen one (display names masked), its polls' results (who
 * chose what in named polls, the tally only in anonymous ones), CSV and JSON export of its
 * record, its recordings (a player, downloads, deletion) each with its smart recording — the
 * processing's progress, then chapters and a searchable transcript that seek the player,
 * speaker summaries, minutes, topics and exports — and the "Access log" of every list, read
 * and export of those records.
 *
 * Only the creator can read a meeting's records: the element sends `token` as a bearer token
 * to the server's records API (`docs/records-api.md`). It loads when it has a token and
 * reloads from the first page whenever `server`, `token` or `fetch` changes. Without a token
 * it asks the user to sign in and makes no request.
 *
 * @summary Meeting history and records export for the meeting's creator.
 * @fires {WeExportEvent} we-export - A meeting's record was exported and handed to the browser as a download.
 * @csspart meetings - The "Your meetings" section.
 * @csspart details - The chosen meeting's section.
 * @csspart polls - The chosen meeting's "Polls" section.
 * @csspart audit - The "Access log" section.
 * @csspart heading - A section heading.
 * @csspart table - A table (meetings, participations, poll results and ballots, access log).
 * @csspart select - The meeting id button that shows a meeting's details.
 * @csspart more - The Load more button.
 * @csspart export - The Export CSV and Export JSON buttons.
 * @csspart close - The Close details button.
 * @csspart retry - The Try again button after the list failed to load.
 * @csspart empty - The "No meetings yet" message.
 * @csspart error - An error message.
 * @csspart recordings - The chosen meeting's "Recordings" section.
 * @csspart recording - One recording.
 * @csspart recording-state - A recording's state (and the video's progress while it is made).
 * @csspart player - A recording's player.
 * @csspart recording-confirm - The confirmation of Delete recording.
 * @csspart smart-state - A recording's transcript and minutes while they are made: queued, processing, failed.
 * @csspart smart-failed - The smart-state of a failed smart recording, with its reason and Try again.
 * @csspart smart-progress - The progress bar of a smart recording being processed.
 * @csspart smart-retry - The Try again button of a failed smart recording.
 * @csspart smart - A ready smart recording: chapters, transcript, speakers, minutes, topics, downloads.
 * @csspart smart-chapters - The "Chapters" section.
 * @csspart smart-chapter - A chapter's button, which plays the recording from its start.
 * @csspart smart-transcript - The "Transcript" section.
 * @csspart smart-note - The transcript's note: unavailable, or low confidence.
 * @csspart smart-search - The transcript's search box.
 * @csspart smart-line - A transcript line (its button plays the recording from there).
 * @csspart smart-line-current - The transcript line being played.
 * @csspart smart-speakers - The "Speakers" section: each one's talk time, share, turns, key phrases and sentences.
 * @csspart smart-minutes - The "Minutes" section.
 * @csspart smart-topics - The "Topics" section.
 * @csspart smart-exports - The "Download" section: minutes in Markdown, JSON, WebVTT captions.
 * @csspart loading - A part still loading (the recordings, a smart recording's view).
 * @csspart load-error - A part that could not be loaded, with its Try again (part `retry`).
 * @cssprop [--we-history-background=var(--we-meeting-background)] - Background. Default: dark #111827, light #ffffff.
 * @cssprop [--we-history-color=var(--we-meeting-color)] - Text colour. Default: dark #f9fafb, light #111827.
 * @cssprop [--we-history-muted-color=var(--we-meeting-muted-color)] - Secondary text and table header colour. Default: dark #d1d5db, light #4b5563.
 * @cssprop [--we-history-surface=var(--we-meeting-surface)] - Background of buttons and of the chosen meeting's row. Default: dark #1f2937, light #f3f4f6.
 * @cssprop [--we-history-surface-hover=var(--we-meeting-surface-hover)] - Hovered buttons and table rules. Default: dark #374151, light #e5e7eb.
 * @cssprop [--we-history-accent=var(--we-meeting-accent)] - Focus ring and meeting id links. Default: dark #60a5fa, light #1d4ed8.
 * @cssprop [--we-history-primary=var(--we-meeting-primary)] - Background of the export buttons. Default: #2563eb in both themes.
 * @cssprop [--we-history-error-color=var(--we-meeting-error-color)] - Error text colour. Default: dark #fca5a5, light #b91c1c.
 * @cssprop [--we-history-padding=1rem] - Inner spacing.
 * @cssprop [--we-history-radius=12px] - Corner radius.
 * @cssprop [--we-history-font=var(--we-meeting-font, system-ui, sans-serif)] - Font family.
 */
export class WeHistoryElement extends LitElement {
  static override styles = [baseStyles, surfaceButtonStyles, historyStyles];

  static override properties = {
    server: { type: String },
    token: { type: String },
    pageSize: { type: Number, attribute: 'page-size' },
    fetch: { attribute: false },
    theme: { type: String, reflect: true },
    _listState: { state: true },
    _meetings: { state: true },
    _next: { state: true },
    _moreState: { state: true },
    _selected: { state: true },
    _detailState: { state: true },
    _record: { state: true },
    _exporting: { state: true },
    _exportError: { state: true },
    _auditState: { state: true },
    _audit: { state: true },
  };

  /** Server base URL; defaults to the page's own origin. */
  declare server: string;
  /** The creator's JWT (any meeting's token identifies its user). */
  declare token: string;
  /** Meetings per page, 1–100. */
  declare pageSize: number;
  /**
   * The `fetch` the element's requests go through (JS property only); the global `fetch` when
   * undefined. Stories and tests set a stub that answers like the records API.
   */
  declare fetch: RecordsFetch | undefined;
  /**
   * Colour theme, `light` or `dark`, reflected as the `theme` attribute; without it the element
   * follows the `theme` of the `<we-meeting>` it is inside, if that has one, else the system's
   * `prefers-color-scheme`.
   */
  declare theme: ThemeName | undefined;
  declare private _listState: LoadState;
  declare private _meetings: readonly MeetingSummary[];
  declare private _next: string | undefined;
  declare private _moreState: LoadState;
  declare private _selected: string | undefined;
  declare private _detailState: LoadState;
  declare private _record: MeetingRecord | undefined;
  declare private _exporting: ExportFormat | undefined;
  declare private _exportError: unknown;
  declare private _auditState: LoadState;
  declare private _audit: readonly AuditEntry[];

  // Errors change together with their state, so they need no update of their own.
  #listError: unknown;
  #moreError: unknown;
  #detailError: unknown;
  #auditError: unknown;
  #client: RecordsClient | undefined;
  /** Bumped on every reload and selection: answers to older requests are dropped. */
  #generation = 0;
  #detailRequest = 0;
  #auditRequest = 0;
  readonly #pendingUrls = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #locale = new LocaleController(this);
  readonly #recordings = new RecordingsController(this);
  readonly #recordingsView = new LazyViews(this, RECORDINGS_VIEW);
  readonly #smartView = new LazyViews(this, SMART_VIEW, undefined, (views) => [views.smartStyles]);

  constructor() {
    super();
    this.server = '';
    this.token = '';
    this.pageSize = 20;
    this.fetch = undefined;
    this._listState = 'idle';
    this.#clearResults();
  }

  /** Forgets every loaded meeting, detail and audit entry. */
  #clearResults(): void {
    this._meetings = [];
    this._next = undefined;
    this._moreState = 'idle';
    this._selected = undefined;
    this._detailState = 'idle';
    this._record = undefined;
    this._exporting = undefined;
    this._exportError = undefined;
    this._audit = [];
    this._auditState = 'idle';
  }

  /** Reloads the first page of meetings and the access log, closing any open details. */
  reload(): void {
    const generation = ++this.#generation;
    this.#detailRequest++;
    this.#clearResults();
    if (this.token === '') {
      this.#client = undefined;
      this._listState = 'idle';
      return;
    }
    const client = new RecordsClient({ server: this.server, token: this.token, ...(this.fetch ? { fetch: this.fetch } : {}) });
    this.#client = client;
    this._listState = 'loading';
    void this.#loadFirstPage(client, generation);
    void this.#loadAudit(client, generation);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Downloads still pending keep their blobs alive: release them with the element.
    for (const [url, timer] of this.#pendingUrls) {
      clearTimeout(timer);
      URL.revokeObjectURL(url);
    }
    this.#pendingUrls.clear();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('server') || changed.has('token') || changed.has('fetch') || changed.has('pageSize')) this.reload();
  }

  /** Renders in the element's language (see `LocaleController`). */
  protected override update(changed: PropertyValues<this>): void {
    this.#locale.run(() => super.update(changed));
  }

  /** Renders once the translations of the element's language are here (see `LocaleController`). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#locale.whenReady(() => super.scheduleUpdate());
  }

  protected override render(): TemplateResult {
    const selected = this._selected;
    return html`${meetingList({
      state: this._listState,
      error: this.#listError,
      meetings: this._meetings,
      hasMore: this._next !== undefined,
      moreState: this._moreState,
      moreError: this.#moreError,
      selected,
      onSelect: (id) => void this.#select(id),
      onMore: () => void this.#loadMore(),
      onRetry: () => this.reload(),
    })}
    ${selected === undefined
      ? nothing
      : meetingDetails({
          id: selected,
          state: this._detailState,
          error: this.#detailError,
          record: this._record,
          exporting: this._exporting,
          exportError: this._exportError,
          onExport: (format) => void this.#export(selected, format),
          onClose: () => void this.#closeDetails(),
          recordings:
            this.#recordings.current.state === 'idle'
              ? nothing
              : this.#recordingsView.render(
                  (views) =>
                    html`${views.recordingsSection({
                      current: this.#recordings.current,
                      onConfirmDelete: (recordingId) => this.#recordings.confirmDelete(recordingId),
                      onDelete: (recordingId) => void this.#recordings.delete(recordingId),
                      onRetrySmart: (recordingId) => void this.#recordings.retrySmart(recordingId),
                      onPlayhead: (recordingId, seconds) => this.#recordings.smart.playhead(recordingId, seconds),
                      smartDetails: (recording, player) => this.#smartDetails(recording.id, player),
                    })}`,
                ),
        })}
    ${this._listState === 'idle' ? nothing : auditLog({ state: this._auditState, error: this.#auditError, entries: this._audit })}`;
  }

  /** A ready smart recording, in its view (loaded the first time). */
  #smartDetails(recordingId: string, player: boolean): TemplateResult | typeof nothing {
    const smart = this.#recordings.smart;
    const entry = smart.get(recordingId);
    if (entry === undefined) return nothing;
    return this.#smartView.render((views) => views.smartView({ recordingId, entry, player, onSearch: (query) => smart.search(recordingId, query) }));
  }

  #pageSize(): number | undefined {
    const size = this.pageSize;
    return Number.isInteger(size) && size >= 1 && size <= 100 ? size : undefined;
  }

  async #loadFirstPage(client: RecordsClient, generation: number): Promise<void> {
    try {
      const page = await client.listMeetings({ limit: this.#pageSize() });
      if (generation !== this.#generation) return;
      this._meetings = page.meetings;
      this._next = page.next;
      this._listState = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#listError = error;
      this._listState = 'error';
    }
  }

  async #loadMore(): Promise<void> {
    const client = this.#client;
    const before = this._next;
    if (client === undefined || before === undefined || this._moreState === 'loading') return;
    const generation = this.#generation;
    this._moreState = 'loading';
    try {
      const page = await client.listMeetings({ limit: this.#pageSize(), before });
      if (generation !== this.#generation) return;
      const known = new Set(this._meetings.map((meeting) => meeting.id));
      const added = page.meetings.filter((meeting) => !known.has(meeting.id));
      this._meetings = [...this._meetings, ...added];
      this._next = page.next;
      this._moreState = 'ready';
      void this.#refreshAudit();
      // The Load more button may be gone: keep keyboard users at the first new meeting.
      const first = added[0];
      if (first !== undefined) {
        await this.updateComplete;
        this.#focus(`tr[data-meeting-id="${first.id}"] button`);
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#moreError = error;
      this._moreState = 'error';
    }
  }

  async #select(id: string): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    const request = ++this.#detailRequest;
    this._selected = id;
    this._record = undefined;
    this._detailState = 'loading';
    this._exporting = undefined;
    this._exportError = undefined;
    await this.updateComplete;
    this.#focus(`#${DETAILS_HEADING_ID}`);
    try {
      this.#recordings.load(client, id);
      const record = await client.getMeeting(id);
      if (request !== this.#detailRequest) return;
      this._record = record;
      this._detailState = 'ready';
    } catch (error) {
      if (request !== this.#detailRequest) return;
      this.#detailError = error;
      this._detailState = 'error';
    }
    void this.#refreshAudit();
  }

  async #closeDetails(): Promise<void> {
    const id = this._selected;
    this.#detailRequest++;
    this._selected = undefined;
    this._record = undefined;
    this.#recordings.clear();
    this._detailState = 'idle';
    this._exporting = undefined;
    this._exportError = undefined;
    await this.updateComplete;
    if (id !== undefined) this.#focus(`tr[data-meeting-id="${id}"] button`);
  }

  async #export(id: string, format: ExportFormat): Promise<void> {
    const client = this.#client;
    if (client === undefined || this._exporting !== undefined) return;
    const request = this.#detailRequest;
    this._exporting = format;
    this._exportError = undefined;
    try {
      const { blob, filename } = await client.exportMeeting(id, format);
      if (request !== this.#detailRequest) return;
      this.#download(blob, filename);
      this._exporting = undefined;
      this.dispatchEvent(new WeExportEvent(id, format, filename));
    } catch (error) {
      if (request !== this.#detailRequest) return;
      this._exporting = undefined;
      this._exportError = error;
    }
    void this.#refreshAudit();
  }

  /** Hands `blob` to the browser as a download named `filename`, through a temporary link. */
  #download(blob: Blob, filename: string): void {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    this.renderRoot.appendChild(link);
    try {
      link.click();
    } finally {
      link.remove();
      this.#pendingUrls.set(
        url,
        setTimeout(() => {
          this.#pendingUrls.delete(url);
          URL.revokeObjectURL(url);
        }, REVOKE_DELAY_MS),
      );
    }
  }

  #refreshAudit(): Promise<void> {
    const client = this.#client;
    return client === undefined ? Promise.resolve() : this.#loadAudit(client, this.#generation);
  }

  async #loadAudit(client: RecordsClient, generation: number): Promise<void> {
    const request = ++this.#auditRequest;
    this._auditState = 'loading';
    try {
      const entries = await client.listAudit(AUDIT_LIMIT);
      if (generation !== this.#generation || request !== this.#auditRequest) return;
      this._audit = entries;
      this._auditState = 'ready';
    } catch (error) {
      if (generation !== this.#generation || request !== this.#auditRequest) return;
      this.#auditError = error;
      this._auditState = 'error';
    }
  }

  #focus(selector: string): void {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
