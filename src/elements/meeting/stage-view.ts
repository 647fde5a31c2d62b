import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ParticipantView, TrackSource } from '../../core/meeting-types.js';
import { msg, str } from '../internal/localize.js';
import { shownName } from './format.js';
import { participantTile, participantVideo, streamOf, tileName, type TileExtras } from './participant-tile.js';

/** How the stage arranges the tiles when nobody shares a screen. */
export type StageLayout = 'grid' | 'speaker';

/** What the stage shows. */
export interface StageProps {
  participants: readonly ParticipantView[];
  activeSpeakerId: string | undefined;
  screenSharerId: string | undefined;
  layout: StageLayout;
  /** The reaction and host actions shown on a participant's tile. */
  extras?: (participant: ParticipantView) => TileExtras;
}

const REMOTE_AUDIO: readonly TrackSource[] = ['mic', 'screen-audio'];

/**
 * The participants: a grid, a speaker view (active speaker large, others in a strip) or,
 * while someone shares, the shared screen large with the camera tiles in a strip. Remote
 * audio plays through hidden `<audio>` elements, one per track.
 */
export function stageView(props: StageProps): TemplateResult {
  const { participants, activeSpeakerId, screenSharerId } = props;
  const tile = (participant: ParticipantView) =>
    participantTile(participant, participant.id === activeSpeakerId, props.extras?.(participant));
  const tiles = (list: readonly ParticipantView[]) => repeat(list, (participant) => participant.id, tile);
  const sharer = screenSharerId === undefined ? undefined : participants.find((p) => p.id === screenSharerId);
  let content: TemplateResult;
  if (sharer !== undefined) {
    content = html`<div class="layout layout-screen">
      ${screenView(sharer)}
      <div class="strip">${tiles(participants)}</div>
    </div>`;
  } else if (props.layout === 'speaker' && participants.length > 1) {
    const main =
      participants.find((p) => p.id === activeSpeakerId) ?? participants.find((p) => !p.isSelf) ?? participants[0]!;
    content = html`<div class="layout layout-speaker">
      <div class="main">${repeat([main], (participant) => participant.id, tile)}</div>
      <div class="strip">${tiles(participants.filter((p) => p !== main))}</div>
    </div>`;
  } else {
    const columns = Math.max(1, Math.ceil(Math.sqrt(participants.length)));
    content = html`<div class="layout layout-grid" style=${styleMap({ '--we-grid-columns': String(columns) })}>
      ${tiles(participants)}
    </div>`;
  }
  return html`${content}${remoteAudio(participants)}`;
}

function screenView(sharer: ParticipantView): TemplateResult {
  const track = sharer.tracks.screen;
  const label = sharer.isSelf
    ? msg('Your shared screen', { id: 'meeting.screen.own' })
    : msg(str`Screen shared by ${shownName(sharer)}`, { id: 'meeting.screen.shared-by' });
  return html`<div part="screen" class="screen" role="group" aria-label=${label} data-participant-id=${sharer.id}>
    ${track
      ? participantVideo(sharer, 'screen', track)
      : html`<p class="screen-waiting">${msg(str`Waiting for ${tileName(sharer)}’s screen…`, { id: 'meeting.screen.waiting' })}</p>`}
  </div>`;
}

function remoteAudio(participants: readonly ParticipantView[]): TemplateResult | typeof nothing {
  const tracks: { key: string; participantId: string; source: TrackSource; track: MediaStreamTrack }[] = [];
  for (const participant of participants) {
    if (participant.isSelf) continue;
    for (const source of REMOTE_AUDIO) {
      const track = participant.tracks[source];
      if (track !== undefined) tracks.push({ key: `${participant.id}:${source}`, participantId: participant.id, source, track });
    }
  }
  if (tracks.length === 0) return nothing;
  return html`<div class="audio" hidden>
    ${repeat(
      tracks,
      (entry) => entry.key,
      (entry) =>
        html`<audio
          autoplay
          .srcObject=${streamOf(entry.track)}
          data-participant-id=${entry.participantId}
          data-source=${entry.source}
        ></audio>`,
    )}
  </div>`;
}
