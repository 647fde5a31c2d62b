import { ContextProvider } from '@lit/context';
import { LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { MeetingClientApi, MeetingState } from '../../core/meeting-types.js';
import { supportsSpeakerSelection } from '../../core/media/devices.js';
import { clearRecentMeetings, loadRecentMeetings, rememberMeeting, type RecentMeeting } from '../../core/recent-meetings.js';
import { ConsentController } from './consent.js';
import { DeviceSettings } from './device-settings.js';
import { MediaPreview } from './media-preview.js';
import { baseStyles, type ThemeName } from '../internal/base.styles.js';
import { meetingClientContext } from '../internal/meeting-context.js';
import { LazyViews, lazyStyles } from '../internal/lazy.js';
import { LocaleController } from '../internal/localize.js';
import { WeErrorEvent } from '../internal/events/index.js';
import { meetingStyles } from './meeting.styles.js';
import { MeetingSession } from './meeting-session.js';
import { prejoinView } from './prejoin-view.js';
import { RECORDING_VIEWS, STAGE_VIEWS } from './meeting-modules.js';
import { RecordingControls } from './recording-controls.js';
import { JoinController } from './join-controller.js';
import { PopupState } from './popups.js';
import { prejoinPrivacyStyles } from './prejoin-privacy.styles.js';
import { DEFAULT_REACTION_DURATION, REACTIONS_MENU_ID, ReactionFeed } from './reactions.js';
import type { SidePanel } from './side-panel.js';
import type { StageLayout } from './stage-view.js';
import type { RecordingSlots } from './meeting-view.js';
import { connectingView, failedView, leftView } from './status-screens.js';

type View = 'prejoin' | 'connecting' | 'stage' | 'left' | 'failed';

/**
 * A complete video meeting: pre-join screen with camera preview and device choice, the stage
 * with participant tiles (grid, speaker view, screen share) and the meeting controls, whose
 * Device settings panel switches camera, microphone and speaker during the meeting. Everyone
 * can raise a hand and send reactions; hosts also mute, remove and promote participants, mute
 * everyone, lock the meeting, end it for all, and start and stop recording it (each after a
 * confirmation). While it is recorded everyone sees a Recording status with the elapsed time,
 * and a participant who has not agreed sees a notice naming what is recorded, with Agree and
 * stay or Leave meeting; nothing of theirs is recorded before they agree — also when they
 * join a meeting already being recorded, autojoin included. The Chat and Polls buttons open `<we-chat>`
 * and `<we-poll>` beside the stage; those, and any such element placed inside this one, share
 * its client.
 *
 * The element creates its own `MeetingClient` when joining unless a `client` was set first
 * (stories and tests pass fakes). It closes only a client it created — on leaving, on
 * removal from the page, and when `client` is replaced; a client handed in stays the host
 * page's to close. A client handed in is used for one join: after it was closed or failed,
 * Rejoin and Try again create a client of the element's own unless `client` is set again.
 * Removing the element from the page stops the preview tracks and leaves a meeting it
 * joined with its own client.
 *
 * Privacy: every name and other personal text it shows has phone numbers and e-mail
 * addresses masked. The pre-join screen asks what the server's `/api/client-config` requires
 * — acknowledging the privacy policy (once per version in this browser) and confirming the
 * participant's age (every time) — and `autojoin` stops at the pre-join screen while either is
 * missing. It offers the meetings this browser joined before, kept only in localStorage.
 *
 * @summary Embeddable video meeting.
 * @attr {'idle' | 'connecting' | 'joined' | 'reconnecting' | 'left' | 'failed'} state - The meeting state, reflected from the client (read-only; style with `we-meeting[state="joined"]`).
 * @fires {WeStateChangeEvent} we-state-change - The meeting state changed.
 * @fires {WeJoinEvent} we-join - This participant joined the meeting.
 * @fires {WeLeaveEvent} we-leave - This participant left or was disconnected.
 * @fires {WeErrorEvent} we-error - Joining, a meeting control or the connection failed.
 * @fires {WeParticipantJoinEvent} we-participant-join - Someone else joined.
 * @fires {WeParticipantLeaveEvent} we-participant-leave - Someone else left.
 * @fires {WeTokenExpiringEvent} we-token-expiring - The session ends within a minute unless `token` is set to a fresh token.
 * @fires {WeRecordingStateEvent} we-recording-state - The meeting's recording changed phase (`off`, `starting`, `on`, `stopping`).
 * @fires {WeRecordingConsentEvent} we-recording-consent - This participant answered the recording notice (agreed, or left).
 * @csspart prejoin - The pre-join form.
 * @csspart heading - The heading of the pre-join, left and failed screens.
 * @csspart preview - The camera preview video before joining.
 * @csspart meter - The microphone level meter before joining.
 * @csspart join - The Join button.
 * @csspart consent - The privacy-policy and age checkboxes before joining (only when the server asks for them).
 * @csspart policy-link - The link to the privacy policy.
 * @csspart recent - The Recent meetings disclosure before joining (only when this browser joined meetings before).
 * @csspart clear-history - The Clear history button of the Recent meetings.
 * @csspart notice - Media problems (camera or microphone unavailable).
 * @csspart status - The connection status line.
 * @csspart indicator - The coloured state dot.
 * @csspart error - An error message (failed join or failed control).
 * @csspart stage - The area holding the participant tiles.
 * @csspart tile - A participant's tile.
 * @csspart screen - The shared screen.
 * @csspart toolbar - The meeting controls.
 * @csspart panel - The side panel holding the chat and the polls.
 * @csspart chat - The `<we-chat>` in the side panel.
 * @csspart polls - The `<we-poll>` in the side panel.
 * @csspart chat-message - Every part of the side panel's `<we-chat>`, prefixed `chat-` (`chat-message`, `chat-send`, …).
 * @csspart poll-poll - Every part of the side panel's `<we-poll>`, prefixed `poll-` (`poll-poll`, `poll-vote`, …).
 * @csspart control - A button of the meeting controls.
 * @csspart settings - The device settings panel (camera, microphone and speaker during the meeting).
 * @csspart locked - The Locked indicator in the status line.
 * @csspart hand - The raised-hand icon on a tile.
 * @csspart reaction - The reaction shown briefly on its sender's tile (empty while none shows).
 * @csspart reactions - The Reactions menu.
 * @csspart actions - A host's Actions button on another participant's tile.
 * @csspart actions-menu - The host actions menu of a tile (Mute, Make host, Remove from meeting).
 * @csspart confirm - The host's End meeting for all confirmation.
 * @csspart recording-confirm - The host's Start recording or Stop recording confirmation.
 * @csspart recording - The Recording status with the elapsed time, shown to everyone while the meeting is recorded.
 * @csspart recording-notice - The recording notice: what is recorded, Agree and stay, Leave meeting.
 * @csspart rejoin - The Rejoin button after leaving.
 * @csspart retry - The Try again button after a failed automatic join, or after the meeting screen failed to load.
 * @csspart loading - Shown while the meeting screen loads (the first time only; joining usually finds it loaded).
 * @csspart load-error - Says the meeting screen could not be loaded, above its Try again button.
 * @cssprop --we-meeting-background - Background of the meeting area. Default: dark #111827, light #ffffff.
 * @cssprop --we-meeting-color - Text colour. Default: dark #f9fafb, light #111827.
 * @cssprop --we-meeting-muted-color - Secondary text colour. Default: dark #d1d5db, light #4b5563.
 * @cssprop --we-meeting-surface - Background of tiles, inputs and controls. Default: dark #1f2937, light #f3f4f6.
 * @cssprop --we-meeting-surface-hover - Background of hovered controls. Default: dark #374151, light #e5e7eb.
 * @cssprop --we-meeting-border-color - Border of fields, the device settings panel and popups. Default: #6b7280 in both themes.
 * @cssprop --we-meeting-accent - Focus ring and the privacy-policy link. Default: dark #60a5fa, light #1d4ed8.
 * @cssprop --we-meeting-primary - Background of Join, Rejoin, Try again and of controls that are on (open panel or menu, raised hand, sharing, locked). Default: #2563eb in both themes.
 * @cssprop --we-meeting-danger - Background of the Leave button and of switched-off controls. Default: #b91c1c in both themes.
 * @cssprop --we-meeting-error-color - Error text colour. Default: dark #fca5a5, light #b91c1c.
 * @cssprop --we-meeting-speaking - Outline of the active speaker's tile, the microphone level meter. Default: dark #22c55e, light #15803d.
 * @cssprop [--we-meeting-padding=1rem] - Inner spacing.
 * @cssprop [--we-meeting-gap=0.5rem] - Space between tiles.
 * @cssprop [--we-meeting-radius=12px] - Corner radius of the element.
 * @cssprop [--we-meeting-tile-radius=8px] - Corner radius of tiles.
 * @cssprop [--we-meeting-font=system-ui, sans-serif] - Font family.
 */
export class WeMeetingElement extends LitElement {
  static override styles = [baseStyles, lazyStyles, meetingStyles, prejoinPrivacyStyles];

  static override properties = {
    server: { type: String },
    meeting: { type: String },
    token: { type: String },
    displayName: { type: String, attribute: 'display-name' },
    noVideo: { type: Boolean, attribute: 'no-video' },
    noAudio: { type: Boolean, attribute: 'no-audio' },
    autojoin: { type: Boolean },
    tokenProvider: { attribute: false },
    reactionDuration: { type: Number, attribute: 'reaction-duration' },
    theme: { type: String, reflect: true },
    _name: { state: true },
    _meetingInput: { state: true },
    _layout: { state: true },
    _panel: { state: true },
    _recent: { state: true },
  };

  /** Server base URL; defaults to the page's own origin. */
  declare server: string;
  /** Nine-digit meeting id to join; when empty the pre-join screen asks for it. */
  declare meeting: string;
  /**
   * Host-signed token admitting this user to `meeting`; when empty `tokenProvider` is asked.
   * Setting a new one while in the meeting renews the session's token without rejoining
   * (do so on `we-token-expiring`).
   */
  declare token: string;
  /** Name to prefill (in development mode the server uses it; a real token's name wins). */
  declare displayName: string;
  /** Join without a camera. */
  declare noVideo: boolean;
  /** Join without a microphone. */
  declare noAudio: boolean;
  /** Join as soon as `meeting` and a token (or `tokenProvider`) are set, skipping the pre-join screen. */
  declare autojoin: boolean;
  /** Fetches a token when `token` is empty at join time (JS property only). */
  declare tokenProvider: ((displayName: string, meeting: string) => Promise<string>) | undefined;
  /** How long a reaction shows on its sender's tile, in milliseconds. */
  declare reactionDuration: number;
  /**
   * Colour theme, `light` or `dark`, reflected as the `theme` attribute; without it the element
   * follows the system's `prefers-color-scheme`. A `<we-chat>`, `<we-poll>` or `<we-history>`
   * inside it follows its theme unless it has a `theme` of its own.
   */
  declare theme: ThemeName | undefined;
  declare private _name: string | undefined;
  declare private _meetingInput: string;
  declare private _layout: StageLayout;
  declare private _panel: SidePanel | undefined;
  declare private _recent: readonly RecentMeeting[];

  #view: View = 'prejoin';
  readonly #sinks = new WeakMap<HTMLMediaElement, string>();
  // Controllers run in this order on disconnect: the preview stops before the session leaves.
  readonly #preview = new MediaPreview(this);
  readonly #settings = new DeviceSettings(this);
  readonly #popups = new PopupState(this);
  readonly #reactions = new ReactionFeed(this, () => this.reactionDuration);
  readonly #session = new MeetingSession(this, this.#preview, this.#reactions);
  readonly #consent = new ConsentController(this, () => this.server);
  readonly #clientContext = new ContextProvider(this, { context: meetingClientContext });
  readonly #locale = new LocaleController(this);
  /** The in-meeting screen, loaded on demand; a failure to load it is a `we-error` too. */
  readonly #stage = new LazyViews(
    this,
    STAGE_VIEWS,
    (error) => this.dispatchEvent(new WeErrorEvent(error)),
    (views) => views.stageStyles,
  );
  /** The recording's status and notice, loaded when a recording is first under way. */
  readonly #recordingViews = new LazyViews(
    this,
    RECORDING_VIEWS,
    (error) => this.dispatchEvent(new WeErrorEvent(error)),
    (views) => views.recordingStyles,
  );
  readonly #recording = new RecordingControls(this, this.#session);
  readonly #joining = new JoinController(this, this.#session, this.#consent, () => this._name ?? this.displayName);

  constructor() {
    super();
    this.server = '';
    this.meeting = '';
    this.token = '';
    this.displayName = '';
    this.noVideo = false;
    this.noAudio = false;
    this.autojoin = false;
    this.tokenProvider = undefined;
    this.reactionDuration = DEFAULT_REACTION_DURATION;
    this._name = undefined;
    this._meetingInput = '';
    this._layout = 'grid';
    this._panel = undefined;
    this._recent = [];
    // Registered first, so a host page's listener cannot keep the meeting from being remembered.
    this.addEventListener('we-join', (event) => {
      if (event.meeting === '') return;
      const topic = this.client?.topic;
      this._recent = rememberMeeting({ id: event.meeting, joinedAt: Date.now(), ...(topic ? { topic } : {}) });
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._recent = loadRecentMeetings();
  }

  /**
   * The meeting state, read-only: its client's (`idle` without one), reflected as the `state`
   * attribute. The client is its only source; `we-state-change` says when it changes.
   */
  get state(): MeetingState {
    return this.#session.state;
  }

  /**
   * The meeting client behind this element. Set it before joining to use your own (the
   * element then never closes it); otherwise the element creates a `MeetingClient` on join.
   */
  get client(): MeetingClientApi | undefined {
    return this.#session.client;
  }

  set client(client: MeetingClientApi | undefined) {
    this.#session.adopt(client);
  }

  /** Leaves the meeting (closing the client); `we-leave` fires if a meeting was joined. */
  leave(): void {
    this.#session.leave();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('server') && this.isConnected) this.#consent.load();
    // A new token while in the meeting renews the session; the first one set is for joining.
    if (changed.has('token') && changed.get('token') !== undefined && this.token !== '' && this.#inMeeting()) {
      void this.#session.renewToken(this.token);
    }
    this.#clientContext.setValue(this.client);
    if (this.getAttribute('state') !== this.state) this.setAttribute('state', this.state);
    this.#joining.maybeAutojoin();
  }

  /** Renders in the element's language (see `LocaleController`). */
  protected override update(changed: PropertyValues<this>): void {
    this.#locale.run(() => super.update(changed));
  }

  /** Renders once the translations of the element's language are here (see `LocaleController`). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#locale.whenReady(() => super.scheduleUpdate());
  }

  /** Also waits for the in-meeting screen while it loads, so that code awaiting this sees it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    const loaded = await Promise.all([this.#stage.settled(), this.#recordingViews.settled()]);
    return loaded.includes(true) ? super.getUpdateComplete() : complete;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const media = { audio: !this.noAudio, video: !this.noVideo };
    // An update can still run after removal; the preview must not reopen devices then.
    if (!this.isConnected) {
      this.#preview.stop();
    } else if (this.#view === 'prejoin') {
      if (this.#preview.active) this.#preview.restart(media);
      else this.#preview.start(media);
      this.#joining.prefetch();
    } else if (!this.#session.status.joining) {
      this.#preview.stop();
    }
    // The panel goes with the meeting screen; its device listener must not outlive it.
    if (this.#view !== 'stage' && this.#settings.open) this.#settings.close();
    this.#popups.prune(this.renderRoot);
    if (this.isConnected) {
      this.#session.visibility.sync(this.renderRoot.querySelectorAll<HTMLVideoElement>('video[data-remote]'));
      this.#applySpeaker();
    }
  }

  protected override render(): TemplateResult {
    this.#view = this.#currentView();
    switch (this.#view) {
      case 'stage':
        return this.#renderStage();
      case 'connecting':
        return connectingView(this.meeting || this.#session.joinedMeeting);
      case 'left':
        return leftView(this.#session.client?.endReason, () => this.#join());
      case 'failed':
        return failedView(this.#session.status.error, () => this.#join());
      case 'prejoin':
        return this.#renderPrejoin();
    }
  }

  #currentView(): View {
    const state = this.state;
    if (state === 'joined' || state === 'reconnecting') return 'stage';
    if (state === 'connecting' || this.#session.status.joining) return 'connecting';
    // Autojoin waits for the client configuration: no pre-join flash, no preview opened.
    if (state === 'idle' && this.#joining.awaitingConsent) return 'connecting';
    if (state === 'left') return 'left';
    if (state === 'failed') return this.autojoin ? 'failed' : 'prejoin';
    return 'prejoin';
  }

  #renderPrejoin(): TemplateResult {
    const { error, joining, recordingNotice } = this.#session.status;
    return prejoinView({
      meeting: this.meeting,
      name: this._name ?? this.displayName,
      meetingInput: this._meetingInput,
      nameRequired: this.token === '',
      preview: this.#preview,
      noAudio: this.noAudio,
      noVideo: this.noVideo,
      speakerSelection: supportsSpeakerSelection(),
      error,
      joining,
      consent: this.#consent,
      recent: {
        meetings: this._recent,
        fills: this.meeting === '',
        onChoose: (recent) => {
          if (this.meeting === '') this._meetingInput = recent.id;
          else this.#join(recent.id);
        },
        onClear: () => {
          clearRecentMeetings();
          this._recent = [];
        },
      },
      onName: (name) => (this._name = name),
      onMeeting: (meeting) => (this._meetingInput = meeting),
      recordingNotice:
        recordingNotice === undefined
          ? undefined
          : this.#recordingViews.render((views) =>
              views.prejoinRecordingNotice({
                recording: recordingNotice,
                joining,
                onAgree: (recordingId) => this.#joining.join(this.meeting || this._meetingInput, recordingId),
                onDecline: () => this.#session.declineRecording(),
              }),
            ),
      onChoose: (kind, deviceId) => void this.#preview.choose(kind, deviceId),
      onJoin: () => this.#join(),
    });
  }

  #renderStage(): TemplateResult {
    const session = this.#session;
    const client = session.client!;
    const tracks = client.self?.tracks;
    const preview = this.#preview;
    const popups = this.#popups;
    return this.#stage.render(({ meetingView, hostCallbacks }) => meetingView({
      client,
      reconnecting: this.state === 'reconnecting',
      meeting: session.joinedMeeting,
      layout: this._layout,
      actionError: session.status.actionError,
      onMic: () => void session.toggleMic(),
      onCamera: () => void session.toggleCamera(),
      onScreen: () => void session.toggleScreenShare(),
      onLayout: () => (this._layout = this._layout === 'grid' ? 'speaker' : 'grid'),
      onSettings: () => this.#settings.toggle(),
      onHand: () => void session.toggleHand(),
      onReactions: () => popups.toggle(REACTIONS_MENU_ID),
      panel: this._panel,
      onPanel: (panel) => (this._panel = this._panel === panel ? undefined : panel),
      onLeave: () => this.leave(),
      reactionOf: (participantId) => this.#reactions.of(participantId),
      openPopup: popups.open,
      confirming: popups.confirming,
      onReact: (reaction) => {
        popups.hide();
        void session.react(reaction);
      },
      onEscape: () => popups.hide() || this.#settings.hide(),
      host: hostCallbacks(session, popups, this.#recording),
      recording: this.#renderRecording(),
      settings: {
        open: this.#settings.open,
        devices: this.#settings.devices,
        // The device actually in use; else the one chosen before (fakes' tracks have no device).
        cameraId: tracks?.camera?.getSettings?.().deviceId || preview.cameraId,
        micId: tracks?.mic?.getSettings?.().deviceId || preview.micId,
        speakerId: preview.speakerId,
        speaker: supportsSpeakerSelection(),
        onChoose: (kind, deviceId) => void session.switchDevice(kind, deviceId),
      },
    }));
  }

  /**
   * The recording's status for everyone while it runs (or why it stopped by itself), and the
   * notice for a participant who has not agreed (the host who started it agreed by starting it).
   */
  #renderRecording(): RecordingSlots {
    const client = this.#session.client;
    const recording = client?.recording?.current;
    const shown = recording !== undefined && (recording.state !== 'off' || recording.stoppedBecause !== undefined);
    if (!shown) return { phase: recording?.state, indicator: nothing, notice: nothing };
    const asked = recording.needsConsent && recording.startedBy?.id !== client?.self?.id;
    return {
      phase: recording.state,
      indicator: this.#recordingViews.render((views) => views.recordingIndicator(recording)),
      notice:
        asked && RECORDING_VIEWS.value !== undefined
          ? RECORDING_VIEWS.value.recordingNotice({ recording, onAgree: () => void this.#recording.agree(), onDecline: () => this.#recording.decline() })
          : nothing,
    };
  }

  /** Joins `meeting` (by default the one set or typed), once the consent asked for was given. */
  #join(meeting = this.meeting || this._meetingInput): void {
    this.#joining.join(meeting);
  }

  /** Whether the session is joined (or getting back to it) and so can take a fresh token. */
  #inMeeting(): boolean {
    return this.state === 'joined' || this.state === 'reconnecting';
  }

  /** Routes remote audio, including audio elements rendered later, to the chosen speaker. */
  #applySpeaker(): void {
    const sinkId = this.#preview.speakerId;
    for (const audio of this.renderRoot.querySelectorAll('audio')) {
      if (typeof audio.setSinkId !== 'function' || (this.#sinks.get(audio) ?? audio.sinkId) === sinkId) continue;
      this.#sinks.set(audio, sinkId);
      audio.setSinkId(sinkId).catch(() => {
        // The speaker went away: the audio keeps playing on the default output.
      });
    }
  }
}
