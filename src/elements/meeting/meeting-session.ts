import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RequestError } from '../../core/errors.js';
import type { Reaction } from '../../core/index.js';
import type { MeetingClientApi, MeetingState, ParticipantView } from '../../core/meeting-types.js';
import type { RecordingUnderWay } from '../../core/recording/recording-notice.js';
import {
  WeErrorEvent,
  WeJoinEvent,
  WeLeaveEvent,
  WeParticipantJoinEvent,
  WeParticipantLeaveEvent,
  WeStateChangeEvent,
  WeTokenExpiringEvent,
} from '../internal/events/index.js';
import type { MediaPreview, PreviewTracks } from './media-preview.js';
import type { ReactionFeed } from './reactions.js';
import { VideoVisibility } from './video-visibility.js';
import { loadE2ee, loadMedia } from '../../core/lazy-modules.js';
import { LazyModule } from '../internal/lazy.js';
import { watchRecording } from './recording-controls.js';

/** The meeting client, loaded when an element first needs one of its own (see `prefetch()`). */
const CLIENT = new LazyModule('meeting client', () => import('../../core/meeting-client.js'));
/** What joining needs besides: the media code (mediasoup-client). */
const MEDIA = new LazyModule('media', loadMedia);
/** And what the chat needs once joined: the end-to-end encryption. */
const E2EE = new LazyModule('end-to-end encryption', loadE2ee);

/** The element a session serves: the properties read when joining. */
export interface MeetingSessionHost extends ReactiveControllerHost, EventTarget {
  readonly isConnected: boolean;
  readonly server: string;
  readonly token: string;
  readonly tokenProvider: ((displayName: string, meeting: string) => Promise<string>) | undefined;
  readonly noAudio: boolean;
  readonly noVideo: boolean;
}

/** What the host shows of the session; a change re-renders the host. */
export interface SessionStatus {
  /** A join is under way (fetching a token or joining). */
  joining: boolean;
  /** Why joining or the connection failed (pre-join and failed screens). */
  error: string | undefined;
  /** Why a meeting control failed (the stage). */
  actionError: string | undefined;
  /** The meeting is being recorded: the pre-join screen asks for consent before joining. */
  recordingNotice: RecordingUnderWay | undefined;
}

/** The name and meeting id entered on the pre-join screen (or set as properties). */
export interface JoinForm {
  name: string;
  meeting: string;
  /** The recording under way the participant agreed to on the pre-join screen. */
  recordingConsent?: string | undefined;
}

/**
 * The client's code and the media code it joins with; a part that cannot be loaded rejects
 * with a `ChunkLoadError`, before anything else of the join happened.
 */
async function loadClient(): Promise<typeof import('../../core/meeting-client.js')> {
  const [client] = await Promise.all([CLIENT.load(), MEDIA.load()]);
  return client;
}

/** Returns `value` as an Error (listeners and providers may reject with anything). */
function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** The message shown for an error; a server refusal also names its code. */
function describe(error: Error): string {
  return error instanceof RequestError ? `${error.message} (${error.code})` : error.message;
}

/**
 * The meeting client behind a `<we-meeting>`: adopts the client handed in or creates one on
 * join, turns its events into the host's `we-*` events, joins with the host's token or
 * tokenProvider, runs the meeting controls and reports failures as `we-error`. It closes
 * only a client it created — on leaving, on the host's removal, and when the client is replaced.
 */
export class MeetingSession implements ReactiveController {
  readonly #host: MeetingSessionHost;
  readonly #preview: MediaPreview;
  readonly #reactions: ReactionFeed;
  #client: MeetingClientApi | undefined;
  #ownsClient = false;
  #unsubscribe: (() => void)[] = [];
  #joinedMeeting = '';
  /** The state a client of our own ended in when the host left the page (the client is dropped then). */
  #endedState: MeetingState | undefined;
  #status: SessionStatus = { joining: false, error: undefined, actionError: undefined, recordingNotice: undefined };
  readonly #reported = new WeakSet<Error>();

  /** Tells the client which remote videos the host shows, and how large. */
  readonly visibility = new VideoVisibility((participantId, source, visible, height) => {
    const client = this.#client;
    if (client === undefined || client.closed) return;
    try {
      client.setVideoVisibility(participantId, source, visible, height);
    } catch {
      // The participant may have left in the meantime; nothing to tell the client then.
    }
  });

  /**
   * `preview` holds the tracks and devices chosen before joining; the client takes them over.
   * `reactions` shows the reactions the client reports.
   */
  constructor(host: MeetingSessionHost, preview: MediaPreview, reactions: ReactionFeed) {
    this.#host = host;
    this.#preview = preview;
    this.#reactions = reactions;
    host.addController(this);
  }

  get client(): MeetingClientApi | undefined {
    return this.#client;
  }

  /** The meeting id of the latest join (the client may not know it yet). */
  get joinedMeeting(): string {
    return this.#joinedMeeting;
  }

  get status(): Readonly<SessionStatus> {
    return this.#status;
  }

  /**
   * The meeting state, as the client says: the client's in use, else the one the client of
   * our own ended in when the host left the page, else `idle`. Never made up here.
   */
  get state(): MeetingState {
    return this.#client?.state ?? this.#endedState ?? 'idle';
  }

  hostConnected(): void {
    this.#subscribe();
  }

  /** Leaves a meeting joined with a client of our own; a client handed in stays the page's. */
  hostDisconnected(): void {
    this.#detach();
    if (this.#ownsClient && this.#client !== undefined) {
      this.#client.close();
      this.#endedState = this.#client.state;
      this.#client = undefined;
      this.#ownsClient = false;
      this.#host.requestUpdate();
    }
  }

  /** Uses `client` from now on (closing a replaced client of our own); the page keeps `client`. */
  adopt(client: MeetingClientApi | undefined): void {
    if (client === this.#client) return;
    this.#detach();
    if (this.#ownsClient) this.#client?.close();
    this.#client = client;
    this.#ownsClient = false;
    this.#endedState = undefined;
    this.#update({ actionError: undefined });
    if (this.#host.isConnected) this.#subscribe();
    this.#host.requestUpdate();
  }

  /** Closes the client; its `statechange` to `left` becomes the host's `we-state-change` and `we-leave`. */
  leave(): void {
    this.#client?.close();
  }

  /**
   * Starts loading the client this session would create to join (the pre-join screen calls
   * this), unless the page handed in a client to join with.
   */
  prefetch(): void {
    if (this.#canJoinWith(this.#client)) return;
    CLIENT.prefetch();
    MEDIA.prefetch();
    E2EE.prefetch();
  }

  /** Gets a token, then joins with the previewed tracks (or fresh ones). */
  async join(form: JoinForm): Promise<void> {
    if (this.#status.joining) return;
    this.#update({ joining: true, error: undefined, actionError: undefined, recordingNotice: undefined });
    const host = this.#host;
    const name = form.name.trim();
    const meeting = form.meeting.replace(/\s+/gu, '');
    this.#joinedMeeting = meeting;
    let tracks: PreviewTracks = { audio: undefined, video: undefined };
    let client: MeetingClientApi | undefined;
    try {
      // The client's code loads while the token is fetched (at once if it was prefetched).
      const modules = this.#canJoinWith(this.#client) ? undefined : loadClient();
      modules?.catch(() => undefined); // Awaited below.
      let token = host.token;
      if (token === '') {
        if (host.tokenProvider === undefined) {
          throw new TypeError('"token" expected a non-empty string or a tokenProvider, got neither');
        }
        token = await host.tokenProvider(name, meeting);
      }
      const loaded = this.#canJoinWith(this.#client) ? undefined : await (modules ?? loadClient());
      if (!host.isConnected) return;
      const server = host.server || globalThis.location?.origin || '';
      // A meeting being recorded asks for consent here, before joining; autojoin stops too.
      const { recordingConsent } = form;
      if (recordingConsent === undefined) {
        const { fetchRecordingNotice } = loaded ?? (await CLIENT.load());
        const recordingNotice = await fetchRecordingNotice(server, meeting, token);
        if (recordingNotice !== undefined) {
          this.#update({ recordingNotice });
          return;
        }
      }
      tracks = this.#preview.take();
      client = this.#clientForJoin(loaded?.MeetingClient);
      const { audio, video } = tracks;
      await client.join({
        server,
        meeting,
        token,
        audio: audio ?? !host.noAudio,
        video: video ?? !host.noVideo,
        ...(recordingConsent === undefined ? {} : { recordingConsent }),
      });
    } catch (error) {
      // The tracks were the client's to use; a client that failed to join has no use for
      // them, and stopping a stopped track is harmless.
      if (client === undefined || (client.state !== 'joined' && client.state !== 'reconnecting')) {
        tracks.audio?.stop();
        tracks.video?.stop();
      }
      this.#report(toError(error));
    } finally {
      this.#update({ joining: false });
    }
  }

  /** The participant did not agree to the recording on the pre-join screen: no join. */
  declineRecording(): void {
    this.#update({ recordingNotice: undefined });
  }

  toggleMic(): Promise<void> {
    return this.act((client) => client.setMicMuted(!(client.self?.audioMuted ?? true)));
  }

  toggleCamera(): Promise<void> {
    return this.act((client) => client.setCameraOff(!(client.self?.videoOff ?? true)));
  }

  toggleScreenShare(): Promise<void> {
    return this.act((client) =>
      client.self?.tracks.screen !== undefined ? client.stopScreenShare() : client.startScreenShare(),
    );
  }

  toggleHand(): Promise<void> {
    return this.act((client) => client.setHandRaised(!(client.self?.handRaised ?? false)));
  }

  react(reaction: Reaction): Promise<void> {
    return this.act((client) => client.react(reaction));
  }

  // Host controls: the server refuses them to participants, which shows like any failed control.

  muteParticipant(participantId: string): Promise<void> {
    return this.act((client) => client.muteParticipant(participantId));
  }

  makeHost(participantId: string): Promise<void> {
    return this.act((client) => client.makeHost(participantId));
  }

  removeParticipant(participantId: string): Promise<void> {
    return this.act((client) => client.removeParticipant(participantId));
  }

  muteAll(): Promise<void> {
    return this.act((client) => client.muteAll());
  }

  toggleLock(): Promise<void> {
    return this.act((client) => client.setLocked(!client.locked));
  }

  endForAll(): Promise<void> {
    return this.act((client) => client.endForAll());
  }

  /** Gives the joined session a fresh token (the host's `token` changed); a refusal is reported like a control's. */
  renewToken(token: string): Promise<void> {
    return this.act((client) => client.renewToken(token));
  }

  /**
   * Switches the camera or microphone through the client (a failure is reported like any
   * control's), or chooses the speaker the host routes remote audio to. The choice is kept in
   * the preview, so a rejoin previews the same devices.
   */
  async switchDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') return this.#preview.choose(kind, deviceId);
    if (deviceId === '') return; // "Default" is only listed while the device in use is unknown.
    await this.act(async (client) => {
      await client.switchDevice(kind, deviceId);
      await this.#preview.choose(kind, deviceId);
    });
  }

  /** Whether `client` (the one in use) can still join: then no client of our own is made. */
  #canJoinWith(client: MeetingClientApi | undefined): client is MeetingClientApi {
    return client !== undefined && !client.closed && client.state === 'idle';
  }

  /** The client handed in while it can still join; otherwise a new one of our own. */
  #clientForJoin(MeetingClient: (new () => MeetingClientApi) | undefined): MeetingClientApi {
    const current = this.#client;
    if (this.#canJoinWith(current)) {
      this.#subscribe();
      return current;
    }
    if (MeetingClient === undefined) throw new TypeError('the meeting client was not loaded');
    const client: MeetingClientApi = new MeetingClient();
    this.adopt(client);
    this.#ownsClient = true;
    return client;
  }

  /** Runs a meeting control on the client; its failure is shown on the stage and fired as `we-error`. */
  async act(action: (client: MeetingClientApi) => Promise<void>): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    this.#update({ actionError: undefined });
    try {
      await action(client);
    } catch (error) {
      this.#report(toError(error));
    }
    this.#host.requestUpdate();
  }

  #report(error: Error): void {
    if (this.#reported.has(error)) return; // The client emits 'error' and also rejects.
    this.#reported.add(error);
    const state = this.state;
    if (state === 'joined' || state === 'reconnecting') this.#update({ actionError: describe(error) });
    else this.#update({ error: describe(error) });
    this.#host.dispatchEvent(new WeErrorEvent(error));
  }

  #subscribe(): void {
    const client = this.#client;
    if (client === undefined || this.#unsubscribe.length > 0 || !this.#host.isConnected) return;
    const host = this.#host;
    const update = () => host.requestUpdate();
    this.#unsubscribe = [
      client.on('statechange', (state, previous) => this.#onStateChange(client, state, previous)),
      client.on('error', (error) => this.#report(error)),
      client.on('participantjoined', (participant: ParticipantView) => {
        update();
        host.dispatchEvent(new WeParticipantJoinEvent(participant));
      }),
      client.on('participantleft', (participant: ParticipantView) => {
        update();
        host.dispatchEvent(new WeParticipantLeaveEvent(participant));
      }),
      client.on('participantupdated', update),
      client.on('activespeaker', update),
      client.on('mediaissue', update),
      client.on('lockchange', update),
      client.on('reaction', (participantId, reaction) => this.#reactions.handleReaction(participantId, reaction)),
      client.on('tokenexpiring', (expiresAt) => host.dispatchEvent(new WeTokenExpiringEvent(expiresAt))),
    ];
    const recording = watchRecording(client.recording, host);
    if (recording !== undefined) this.#unsubscribe.push(recording);
    host.requestUpdate(); // Catch up with changes made while unsubscribed.
  }

  #detach(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.visibility.disconnect();
    this.#reactions.clear();
  }

  #onStateChange(client: MeetingClientApi, state: MeetingState, previous: MeetingState): void {
    const host = this.#host;
    host.requestUpdate();
    if (state === 'connecting') this.#update({ error: undefined });
    host.dispatchEvent(new WeStateChangeEvent(state, previous));
    if (state === 'joined' && previous === 'connecting' && client.self !== undefined) {
      host.dispatchEvent(new WeJoinEvent(client.meeting ?? this.#joinedMeeting, client.self));
    } else if (state === 'left' && (previous === 'joined' || previous === 'reconnecting')) {
      host.dispatchEvent(new WeLeaveEvent());
    }
    if ((state === 'left' || state === 'failed') && this.#ownsClient) client.close();
  }

  /** Changes the status as reactive properties would: the host re-renders only on a real change. */
  #update(patch: Partial<SessionStatus>): void {
    const status = this.#status;
    const changed = (Object.keys(patch) as (keyof SessionStatus)[]).some((key) => patch[key] !== status[key]);
    if (!changed) return;
    this.#status = { ...status, ...patch };
    this.#host.requestUpdate();
  }
}
