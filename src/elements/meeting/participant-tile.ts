import { html, nothing, type TemplateResult } from 'lit';
import type { Reaction } from '../../core/index.js';
import type { ParticipantView } from '../../core/meeting-types.js';
import { shownName } from './format.js';
import { handIcon, micOffIcon } from './icons.js';
import { msg, str } from '../internal/localize.js';
import { tileReaction } from './reactions.js';
import { streamOf } from './media-preview.js';

export { streamOf };

/** Up to two initials of a display name, for the avatar shown when the camera is off. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('') || '?';
}

/** The name shown on a participant's tile (masked, see {@link shownName}). */
export function tileName(participant: ParticipantView): string {
  return participant.isSelf ? msg(str`${shownName(participant)} (you)`, { id: 'meeting.tile.you' }) : shownName(participant);
}

/** What a tile shows besides the participant: their latest reaction and the host's actions. */
export interface TileExtras {
  reaction?: Reaction | undefined;
  /** The host actions menu (only hosts see it, only on others' tiles). */
  actions?: TemplateResult | undefined;
}

/**
 * A participant's camera or shared screen. Always muted: sound plays through the separate
 * audio elements. `data-*` attributes let the visibility observer find remote videos.
 */
export function participantVideo(participant: ParticipantView, source: 'camera' | 'screen', track: MediaStreamTrack): TemplateResult {
  return html`<video
    class="video"
    .srcObject=${streamOf(track)}
    .muted=${true}
    muted
    autoplay
    playsinline
    data-participant-id=${participant.id}
    data-source=${source}
    ?data-remote=${!participant.isSelf}
  ></video>`;
}

/**
 * A participant's tile: camera video (or avatar), name, muted-microphone and raised-hand
 * icons, the active-speaker highlight, a reaction just sent and, for hosts, the actions menu.
 * Remote videos carry `data-remote` so the element can tell the client which of them are on
 * screen.
 */
export function participantTile(participant: ParticipantView, speaking: boolean, extras: TileExtras = {}): TemplateResult {
  const camera = participant.videoOff ? undefined : participant.tracks.camera;
  const name = tileName(participant);
  return html`<div
    part="tile"
    class="tile ${speaking ? 'speaking' : ''} ${participant.isSelf ? 'self' : ''}"
    role="group"
    aria-label=${name}
    data-participant-id=${participant.id}
    ?data-speaking=${speaking}
    ?data-hand-raised=${participant.handRaised}
  >
    ${camera ? participantVideo(participant, 'camera', camera) : avatar(participant)}
    ${tileReaction(participant, extras.reaction)} ${extras.actions ?? nothing}
    <div class="caption">
      ${participant.handRaised
        ? html`<span part="hand" class="hand-icon">${handIcon}<span class="visually-hidden">${msg('Hand raised', { id: 'meeting.tile.hand' })}</span></span>`
        : nothing}
      ${participant.audioMuted
        ? html`<span class="muted-icon">${micOffIcon}<span class="visually-hidden"
            >${msg('Microphone muted', { id: 'meeting.tile.muted' })}</span
          ></span>`
        : nothing}
      <span class="name">${name}</span>
    </div>
  </div>`;
}

function avatar(participant: ParticipantView): TemplateResult {
  return participant.avatarUrl
    ? html`<img class="avatar" src=${participant.avatarUrl} alt="" />`
    : html`<span class="avatar initials" aria-hidden="true">${initialsOf(shownName(participant))}</span>`;
}
