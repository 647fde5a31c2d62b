import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { REACTIONS } from '../../core/constants.js';
import type { Reaction } from '../../core/meeting-types.js';
import type { ParticipantView } from '../../core/meeting-types.js';
import { shownName } from './format.js';
import { msg, str } from '../internal/localize.js';

/** Id of the Reactions menu inside the element's shadow root. */
export const REACTIONS_MENU_ID = 'reactions-menu';

/** How long a reaction shows on its sender's tile by default, in milliseconds. */
export const DEFAULT_REACTION_DURATION = 3000;

/**
 * The reactions currently shown, one per participant (a newer one replaces the older). Each
 * goes after the duration; every timer is cleared when the host leaves the page.
 */
export class ReactionFeed implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #duration: () => number;
  readonly #shown = new Map<string, { reaction: Reaction; timer: ReturnType<typeof setTimeout> }>();

  /** `duration` tells how many milliseconds a reaction stays on screen. */
  constructor(host: ReactiveControllerHost, duration: () => number = () => DEFAULT_REACTION_DURATION) {
    this.#host = host;
    this.#duration = duration;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.clear();
  }

  /** The reaction shown on `participantId`'s tile, if any. */
  of(participantId: string): Reaction | undefined {
    return this.#shown.get(participantId)?.reaction;
  }

  /** Shows a reaction the client reported. */
  handleReaction(participantId: string, reaction: Reaction): void {
    const previous = this.#shown.get(participantId);
    if (previous !== undefined) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.#shown.delete(participantId);
      this.#host.requestUpdate();
    }, this.#duration());
    this.#shown.set(participantId, { reaction, timer });
    this.#host.requestUpdate();
  }

  /** Drops every reaction and its timer; idempotent. */
  clear(): void {
    for (const { timer } of this.#shown.values()) clearTimeout(timer);
    this.#shown.clear();
  }
}

/**
 * A tile's reaction: a polite live region, always rendered so that screen readers hear what
 * arrives in it, and empty (hidden by CSS) while there is no reaction to show.
 */
export function tileReaction(participant: ParticipantView, reaction: Reaction | undefined): TemplateResult {
  const who = participant.isSelf ? msg('You', { id: 'meeting.reaction.you' }) : shownName(participant);
  return html`<div part="reaction" class="reaction" aria-live="polite">${reaction
    ? html`<span class="reaction-emoji" aria-hidden="true">${reaction}</span><span class="visually-hidden"
          >${msg(str`${who} reacted ${reaction}`, { id: 'meeting.reaction.reacted' })}</span
        >`
    : nothing}</div>`;
}

/** What the Reactions menu shows and does. */
export interface ReactionsMenuProps {
  open: boolean;
  onReact: (reaction: Reaction) => void;
}

/**
 * The Reactions menu: one button per reaction in a labelled group above the toolbar. Always
 * rendered, hidden while closed, so that the Reactions button's `aria-controls` names an element.
 */
export function reactionsMenu(props: ReactionsMenuProps): TemplateResult {
  return html`<div
    part="reactions"
    id=${REACTIONS_MENU_ID}
    class="popup reactions"
    role="group"
    aria-label=${msg('Reactions', { id: 'meeting.reactions' })}
    ?hidden=${!props.open}
  >
    ${props.open
      ? REACTIONS.map((reaction) => {
          const label = msg(str`React ${reaction}`, { id: 'meeting.reaction.react' });
          return html`<button
              type="button"
              class="reaction-choice"
              aria-label=${label}
              title=${label}
              @click=${() => props.onReact(reaction)}
            >
              ${reaction}
            </button>`;
        })
      : nothing}
  </div>`;
}
