import type { E2eeKeys, Participant, RosterEntry } from '../protocol/index.js';
import { TypedEmitter } from './emitter.js';
import type { MeetingClientEvents, ParticipantView, TrackSource } from './meeting-types.js';

/** What the client knows of one participant; turned into an immutable view on every change. */
interface Entry {
  participant: Participant;
  isSelf: boolean;
  handRaised: boolean;
  /** This join's end-to-end encryption keys, as the server relayed them. */
  keys: E2eeKeys | undefined;
  /** Tracks the participant publishes, and whether each is paused (muted). */
  published: Map<TrackSource, boolean>;
  /** Tracks at hand: received from others, local for self. */
  tracks: Map<TrackSource, MediaStreamTrack>;
}

/** Events of a {@link Roster}: the participant events of the meeting client. */
export type RosterEvents = Pick<
  MeetingClientEvents,
  'participantjoined' | 'participantleft' | 'participantupdated' | 'trackadded' | 'trackremoved'
>;

/** A track's state as local media reports it: published (paused or not), and the track itself. */
export interface LocalTrackState {
  readonly paused: boolean;
  readonly track: MediaStreamTrack | undefined;
}

/**
 * The one source of membership: who is in the meeting, self first, each with the tracks they
 * publish, the tracks at hand and their mute state, and their chat keys. Fed through
 * `handle*` by the server's notifications (through the client) and by local and remote
 * media; the chat reads it and follows its events. Views are replaced, never mutated.
 */
export class Roster extends TypedEmitter<RosterEvents> {
  readonly #entries = new Map<string, Entry>();
  /** Names of everyone seen in this join, those who left included. */
  readonly #names = new Map<string, string>();
  #views: ParticipantView[] | undefined;
  #selfId: string | undefined;
  /** Whether the others are on screen (the join completed); until then changes are silent. */
  #shown = false;
  /** Whether a loss came before: the next completed join announces everyone again. */
  #lost = false;

  /** Every participant's view, self first, then in order of joining. */
  get views(): readonly ParticipantView[] {
    this.#views ??= [...this.#entries.values()].map(toView);
    return this.#views;
  }

  get self(): ParticipantView | undefined {
    return this.#selfId === undefined ? undefined : this.view(this.#selfId);
  }

  /** Who shares a screen (the latest to start, when several do). */
  get screenSharerId(): string | undefined {
    return [...this.views].reverse().find((view) => view.tracks.screen !== undefined)?.id;
  }

  view(id: string): ParticipantView | undefined {
    return this.views.find((view) => view.id === id);
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** Everyone else now in the meeting, with their chat keys (absent for a client that cannot chat). */
  members(): { id: string; keys: E2eeKeys | undefined }[] {
    return [...this.#entries.values()].filter((entry) => !entry.isSelf).map((entry) => ({ id: entry.participant.id, keys: entry.keys }));
  }

  /** A participant's chat keys in this join. */
  keysOf(id: string): E2eeKeys | undefined {
    return this.#entries.get(id)?.keys;
  }

  /** The name of anyone seen in this join, also after they left. */
  nameOf(id: string): string | undefined {
    return this.#names.get(id);
  }

  /** `hello` was answered: this join's self and everyone else, filled in silently. */
  handleWelcome(self: Participant, others: readonly RosterEntry[]): void {
    this.#entries.clear();
    this.#names.clear();
    this.#shown = false;
    this.#selfId = self.id;
    this.#add(self, true);
    for (const entry of others) this.#add(entry, false);
    this.#views = undefined;
  }

  /** The join completed: after a rejoin, everyone else is announced as joined again. */
  handleJoined(): void {
    this.#shown = true;
    if (!this.#lost) return;
    this.#lost = false;
    for (const view of this.views) if (!view.isSelf) this.safeEmit('participantjoined', view);
  }

  /** The connection was lost: everyone else leaves (a rejoin brings them back). */
  handleLost(): void {
    if (!this.#shown) return;
    this.#shown = false;
    this.#lost = true;
    for (const view of this.views) {
      if (view.isSelf) continue;
      this.#entries.delete(view.id);
      this.#views = undefined;
      this.safeEmit('participantleft', view);
    }
  }

  handleParticipantJoined(entry: RosterEntry): void {
    this.#add(entry, false);
    this.safeEmit('participantjoined', this.#changed(entry.id)!);
  }

  /** A role, name or raised-hand change from the server. */
  handleParticipantUpdated(entry: RosterEntry): void {
    const known = this.#entries.get(entry.id);
    if (known === undefined) return;
    known.participant = { ...known.participant, role: entry.role, displayName: entry.displayName };
    known.handRaised = entry.handRaised;
    this.#names.set(entry.id, entry.displayName);
    this.#emitUpdated(entry.id);
  }

  /** Someone left or was removed: their tracks end, then they leave. */
  handleParticipantLeft(id: string): void {
    const view = this.view(id);
    if (view === undefined) return;
    this.#entries.delete(id);
    this.#views = undefined;
    for (const source of Object.keys(view.tracks) as TrackSource[]) this.safeEmit('trackremoved', view, source);
    this.safeEmit('participantleft', view);
  }

  /** Someone publishes a track (its media may follow). */
  handleTrackPublished(id: string, source: TrackSource, paused: boolean): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    entry.published.set(source, paused);
    this.#views = undefined;
  }

  /** A remote track started arriving. */
  handleTrackReceived(id: string, source: TrackSource, track: MediaStreamTrack, paused: boolean): void {
    this.#setTrack(id, source, { paused, track });
  }

  /** A remote track ended (its producer closed). */
  handleTrackEnded(id: string, source: TrackSource): void {
    this.#setTrack(id, source, undefined);
  }

  /** Someone muted or unmuted a published track. */
  handleTrackPaused(id: string, source: TrackSource, paused: boolean): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || !entry.published.has(source)) return;
    entry.published.set(source, paused);
    this.#emitUpdated(id);
  }

  /** A local track was published, changed, muted or unpublished (`undefined`). */
  handleLocalTrack(source: TrackSource, state: LocalTrackState | undefined): void {
    if (this.#selfId !== undefined) this.#setTrack(this.#selfId, source, state);
  }

  /**
   * Puts a track in place, with its paused state, or (`undefined`) takes it away, then says
   * so: a remote track's arrival or end also as `trackadded` or `trackremoved`.
   */
  #setTrack(id: string, source: TrackSource, state: LocalTrackState | undefined): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    if (state === undefined) {
      entry.published.delete(source);
      entry.tracks.delete(source);
    } else {
      entry.published.set(source, state.paused);
      if (state.track !== undefined) entry.tracks.set(source, state.track);
    }
    const view = this.#changed(id)!;
    if (!entry.isSelf) {
      if (state === undefined) this.safeEmit('trackremoved', view, source);
      else if (state.track !== undefined) this.safeEmit('trackadded', view, source, state.track);
    }
    this.safeEmit('participantupdated', view);
  }

  #add(participant: Participant | RosterEntry, isSelf: boolean): void {
    const published = new Map<TrackSource, boolean>();
    for (const track of 'tracks' in participant ? participant.tracks : []) published.set(track.source, track.paused);
    const { id, displayName, role, avatarUrl } = participant;
    this.#entries.set(id, {
      participant: { id, displayName, role, ...(avatarUrl === undefined ? {} : { avatarUrl }) },
      isSelf,
      handRaised: 'handRaised' in participant ? participant.handRaised : false,
      keys: 'keys' in participant ? participant.keys : undefined,
      published,
      tracks: new Map(),
    });
    this.#names.set(id, displayName);
  }

  #emitUpdated(id: string): void {
    const view = this.#changed(id);
    if (view !== undefined) this.safeEmit('participantupdated', view);
  }

  #changed(id: string): ParticipantView | undefined {
    this.#views = undefined;
    return this.view(id);
  }
}

function toView(entry: Entry): ParticipantView {
  const live = (source: TrackSource) => entry.published.get(source) === false;
  return {
    ...entry.participant,
    isSelf: entry.isSelf,
    tracks: Object.fromEntries(entry.tracks),
    audioMuted: !live('mic'),
    videoOff: !live('camera'),
    handRaised: entry.handRaised,
  };
}
