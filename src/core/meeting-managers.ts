import { ChatSession } from './chat/chat-session.js';
import type { Clock } from './connection/clock.js';
import { Connection, type ConnectionHooks, type Welcome } from './connection/connection.js';
import type { KeepaliveOptions } from './connection/keepalive.js';
import type { ReconnectPolicy } from './connection/reconnect-policy.js';
import { webSocketTransport, type SignalingLink, type TransportFactory } from './connection/transport.js';
import { ConnectionError, InvalidStateError } from './errors.js';
import { HostControls } from './host-controls.js';
import { loadMedia } from './lazy-modules.js';
import { LocalMedia, type LocalDevices } from './media/local-media.js';
import type { MediaTransport, MediaTransportFactory } from './media/media-transport.js';
import { RemoteMedia } from './media/remote-media.js';
import { routeNotification } from './notification-routes.js';
import { PollsSession } from './polls/polls-session.js';
import { RecordingSession } from './recording/recording-session.js';
import { Roster } from './roster.js';
import type { SignalingOptions } from './signaling.js';

/** What a `MeetingClient` is built with; every part has a default. */
export interface MeetingClientOptions {
  /** Options of the default transport, a WebSocket. */
  signaling?: SignalingOptions;
  /** Opens the signaling connection (default: a WebSocket with `signaling`'s options). */
  transport?: TransportFactory;
  /** When to try again after the connection was lost (default: `backoff()`, about 30 s with jitter). */
  reconnect?: ReconnectPolicy;
  /** Pings that notice a half-open socket (default: every 20 s, each timing out with the transport's requests); `false` for none. */
  keepalive?: KeepaliveOptions | false;
  /** Opens each join's media transport (default: mediasoup-client, loaded on demand). */
  media?: MediaTransportFactory;
  /** Where local media comes from (default: the browser's devices). */
  devices?: LocalDevices;
  clock?: Clock;
}

const openSfu: MediaTransportFactory = async (link) => (await loadMedia()).SfuConnection.open(link);

/**
 * The managers of one meeting client and how they fit together: the connection drives each
 * join through its hooks (the roster first, then the managers that read it, then media), the
 * server's notifications go where `notification-routes.ts` says, and what media reports
 * reaches the roster. Each manager knows only its own job; this is where they meet.
 */
export class MeetingManagers {
  readonly roster = new Roster();
  readonly host = new HostControls();
  readonly remote = new RemoteMedia({ isPresent: (id) => this.roster.has(id) });
  readonly local: LocalMedia;
  readonly chat = new ChatSession(this.roster);
  readonly polls = new PollsSession();
  readonly recording = new RecordingSession();
  readonly connection: Connection;
  readonly #openMedia: MediaTransportFactory;
  readonly #report: (error: Error) => void;
  /** This join's media transport, shared by local and remote media. */
  #media: MediaTransport | undefined;
  /** Bumped when a join ends, so a setup still under way for it stops. */
  #joins = 0;

  /** `report` hears the failures nobody awaits. */
  constructor(options: MeetingClientOptions, report: (error: Error) => void) {
    this.local = new LocalMedia({ devices: options.devices });
    this.#openMedia = options.media ?? openSfu;
    this.#report = report;
    this.connection = new Connection(this.#hooks(), {
      transport: options.transport ?? webSocketTransport(options.signaling),
      reconnect: options.reconnect,
      keepalive: options.keepalive,
      clock: options.clock,
    });
    this.connection.on('notification', (notification) => routeNotification(notification, this));
    const roster = this.roster;
    this.remote.on('trackpublished', (id, source, paused) => roster.handleTrackPublished(id, source, paused));
    this.remote.on('trackadded', (id, source, track, paused) => roster.handleTrackReceived(id, source, track, paused));
    this.remote.on('trackended', (id, source) => roster.handleTrackEnded(id, source));
    this.remote.on('trackpaused', (id, source, paused) => roster.handleTrackPaused(id, source, paused));
    this.local.on('trackchange', (source, state) => roster.handleLocalTrack(source, state));
  }

  #hooks(): ConnectionHooks {
    return {
      // A browser without Ed25519/X25519 in WebCrypto joins without chat (`chat.ready` stays false).
      hello: async (meeting) => {
        const keys = await this.chat.createKeys(meeting).catch(() => undefined);
        return { ...(keys === undefined ? {} : { keys }), ...this.recording.helloConsent() };
      },
      enter: (link, welcome) => this.#enter(link, welcome),
      joined: (rejoined) => {
        this.roster.handleJoined();
        if (rejoined) void this.local.republish();
      },
      exit: (reason) => this.#exit(reason),
    };
  }

  async #enter(link: SignalingLink, welcome: Welcome): Promise<void> {
    const join = this.#joins;
    this.roster.handleWelcome(welcome.self, welcome.participants);
    const request = link.request.bind(link);
    // Detached meanwhile (left, or the connection dropped and a rejoin follows): nothing to say.
    const report = (error: unknown) => {
      if (!(error instanceof InvalidStateError || error instanceof ConnectionError)) this.#report(error as Error);
    };
    this.chat.attach({ meeting: welcome.meeting, request }).catch(report);
    this.polls.attach({ request, isHost: () => this.roster.self?.role === 'host' }).catch(report);
    this.host.attach(link);
    this.recording.attach(link, welcome.recording);
    const media = await this.#openMedia(link);
    if (join !== this.#joins) return media.close();
    this.#media = media;
    this.remote.attach(link, media);
    this.local.attach(link, media);
    await media.startReceiving();
  }

  /** Ends a join: `lost` keeps the local tracks and the polls for the rejoin. */
  #exit(reason: 'lost' | 'ended'): void {
    this.#joins++;
    this.chat.detach();
    if (reason === 'lost') this.polls.suspend();
    else this.polls.detach();
    this.host.detach();
    this.recording.detach();
    this.local.detach(reason === 'lost');
    this.remote.detach();
    this.#media?.close();
    this.#media = undefined;
    if (reason === 'lost') this.roster.handleLost();
  }
}
