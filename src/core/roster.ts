import type { Participant, RosterEntry } from '../protocol/index.js';
import type { ParticipantView, TrackSource } from './meeting-types.js';

/** What the client knows of one participant; turned into an immutable view on every change. */
interface Entry {
  participant: Participant;
  isSelf: boolean;
  handRaised: boolean;
  /** Tracks the participant publishes, and whether each is paused (muted). */
  published: Map<TrackSource, boolean>;
  tracks: Map<TrackSource, MediaStreamTrack>;
}

/**
 * The participants of a meeting, self first, each with published tracks, received (or local)
 * tracks and mute state. Pure bookkeeping: no network, no events.
 */
export class Roster {
  readonly #entries = new Map<string, Entry>();
  #views: ParticipantView[] | undefined;

  /** Every participant's view, self first, then in order of joining. */
  get views(): readonly ParticipantView[] {
    this.#views ??= [...this.#entries.values()].map(toView);
    return this.#views;
  }

  view(id: string): ParticipantView | undefined {
    return this.views.find((view) => view.id === id);
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  add(participant: Participant | RosterEntry, isSelf = false): ParticipantView {
    const published = new Map<TrackSource, boolean>();
    for (const track of 'tracks' in participant ? participant.tracks : []) published.set(track.source, track.paused);
    const { id, displayName, role, avatarUrl } = participant;
    this.#entries.set(id, {
      participant: { id, displayName, role, ...(avatarUrl === undefined ? {} : { avatarUrl }) },
      isSelf,
      handRaised: 'handRaised' in participant ? participant.handRaised : false,
      published,
      tracks: new Map(),
    });
    return this.#changed(id)!;
  }

  /** Applies a role or raised-hand change from the server. */
  update(entry: RosterEntry): ParticipantView | undefined {
    const known = this.#entries.get(entry.id);
    if (known === undefined) return undefined;
    known.participant = { ...known.participant, role: entry.role, displayName: entry.displayName };
    known.handRaised = entry.handRaised;
    return this.#changed(entry.id);
  }

  remove(id: string): ParticipantView | undefined {
    const view = this.view(id);
    this.#entries.delete(id);
    this.#views = undefined;
    return view;
  }

  /** Records a track of `source` (published, with its paused state, and optionally its media). */
  setTrack(id: string, source: TrackSource, paused: boolean, track?: MediaStreamTrack): ParticipantView | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    entry.published.set(source, paused);
    if (track !== undefined) entry.tracks.set(source, track);
    return this.#changed(id);
  }

  /** Marks a track paused or resumed. */
  setPaused(id: string, source: TrackSource, paused: boolean): ParticipantView | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined || !entry.published.has(source)) return undefined;
    entry.published.set(source, paused);
    return this.#changed(id);
  }

  /** Forgets a track of `source`. */
  removeTrack(id: string, source: TrackSource): ParticipantView | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    entry.published.delete(source);
    entry.tracks.delete(source);
    return this.#changed(id);
  }

  clear(): void {
    this.#entries.clear();
    this.#views = undefined;
  }

  #changed(id: string): ParticipantView | undefined {
    this.#views = undefined;
    return this.view(id);
  }
}

function toView(entry: Entry): ParticipantView {
  const live = (source: TrackSource) => entry.published.has(source) && entry.published.get(source) === false;
  return {
    ...entry.participant,
    isSelf: entry.isSelf,
    tracks: Object.fromEntries(entry.tracks),
    audioMuted: !live('mic'),
    videoOff: !live('camera'),
    handRaised: entry.handRaised,
  };
}
