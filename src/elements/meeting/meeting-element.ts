import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { MeetingClient, RequestError, type MeetingState } from '../../core/index.js';
import { WeErrorEvent, WeJoinEvent, WeLeaveEvent, WeStateChangeEvent } from '../internal/events/index.js';
import { formatMeetingId } from './format.js';
import { meetingStyles } from './meeting.styles.js';

const STATE_LABELS: Record<MeetingState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  joined: 'Connected',
  reconnecting: 'Reconnecting…',
  left: 'Left the meeting',
  failed: 'Could not join',
};

/**
 * A video meeting. Joins `meeting` on `server` with `token` as soon as all are set.
 *
 * @summary Embeddable video meeting.
 * @fires {WeStateChangeEvent} we-state-change - The meeting state changed.
 * @fires {WeJoinEvent} we-join - This participant joined the meeting.
 * @fires {WeLeaveEvent} we-leave - This participant left or was disconnected.
 * @fires {WeErrorEvent} we-error - Joining or the connection failed.
 * @csspart status - The connection status line.
 * @csspart indicator - The coloured state dot.
 * @csspart error - The error message shown when joining fails.
 * @cssprop [--we-meeting-background=#111827] - Background of the meeting area.
 * @cssprop [--we-meeting-color=#f9fafb] - Text colour.
 * @cssprop [--we-meeting-padding=1rem] - Inner spacing.
 * @cssprop [--we-meeting-radius=12px] - Corner radius.
 * @cssprop [--we-meeting-font=system-ui, sans-serif] - Font family.
 */
export class WeMeetingElement extends LitElement {
  static override styles = meetingStyles;

  static override properties = {
    server: { type: String },
    meeting: { type: String },
    token: { type: String },
    displayName: { type: String, attribute: 'display-name' },
    state: { type: String, reflect: true },
    _error: { state: true },
  };

  /** Server base URL; defaults to the page's own origin. */
  declare server: string;
  /** Nine-digit meeting id to join. */
  declare meeting: string;
  /** Host-signed token admitting this user to `meeting`. */
  declare token: string;
  /** Name to ask for in development mode (the token's name wins on a real server). */
  declare displayName: string;
  /** Current meeting state, reflected as the `state` attribute (read-only for users). */
  declare state: MeetingState;
  declare private _error: string | undefined;

  #client: MeetingClient | undefined;

  constructor() {
    super();
    this.server = '';
    this.meeting = '';
    this.token = '';
    this.displayName = '';
    this.state = 'idle';
    this._error = undefined;
  }

  /** The headless client behind this element, once joining has started. */
  get client(): MeetingClient | undefined {
    return this.#client;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.leave();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#joinWhenReady();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meeting') || changed.has('token') || changed.has('server')) this.#joinWhenReady();
  }

  /** Leaves the meeting; the element can join again when `token` or `meeting` change. */
  leave(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.close();
  }

  #joinWhenReady(): void {
    if (!this.isConnected || this.meeting === '' || this.token === '') return;
    const { meeting, token } = this;
    if (this.#client !== undefined) {
      const current = this.#client;
      if (current.state !== 'failed' && current.state !== 'left') return;
      this.#client = undefined;
    }
    const client = new MeetingClient();
    this.#client = client;
    this._error = undefined;
    client.on('statechange', (state, previous) => {
      if (this.#client !== client && state !== 'left') return;
      this.state = state;
      this.dispatchEvent(new WeStateChangeEvent(state, previous));
      if (state === 'joined' && client.self !== undefined) {
        this.dispatchEvent(new WeJoinEvent(client.meeting ?? meeting, client.self));
      } else if (state === 'left' && previous === 'joined') {
        this.dispatchEvent(new WeLeaveEvent());
      }
    });
    client.on('error', (error) => {
      this._error = error instanceof RequestError ? `${error.message} (${error.code})` : error.message;
      this.dispatchEvent(new WeErrorEvent(error));
    });
    const server = this.server || globalThis.location?.origin || '';
    client.join({ server, meeting, token }).catch(() => {
      // Reported through the client's 'error' event above.
    });
  }

  protected override render() {
    const self = this.#client?.self;
    return html`
      <div part="status" role="status" aria-live="polite">
        <span part="indicator" aria-hidden="true"></span>
        <span>${STATE_LABELS[this.state]}</span>
        ${this.meeting ? html`<span>· Meeting ${formatMeetingId(this.meeting)}</span>` : nothing}
        ${self && this.state === 'joined' ? html`<span>· as ${self.displayName}</span>` : nothing}
      </div>
      ${this._error ? html`<p part="error" role="alert">${this._error}</p>` : nothing}
    `;
  }
}
