import { html, nothing, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ParticipantView } from '../../core/meeting-types.js';
import type { MediaAccessError } from '../../core/media/media-errors.js';
import {
  cameraIcon,
  cameraOffIcon,
  chatIcon,
  gridIcon,
  handIcon,
  leaveIcon,
  micIcon,
  micOffIcon,
  pollIcon,
  reactionIcon,
  screenShareIcon,
  settingsIcon,
  speakerViewIcon,
  stopShareIcon,
} from './icons.js';
import { msg, str } from '../internal/localize.js';
import { DEVICE_SETTINGS_ID } from './device-settings.js';
import { describeMediaIssue } from './format.js';
import { REACTIONS_MENU_ID } from './reactions.js';
import { SIDE_PANEL_ID, type SidePanel } from './side-panel.js';
import type { StageLayout } from './stage-view.js';

/** What the toolbar shows and what its buttons do. */
export interface ToolbarProps {
  self: ParticipantView | undefined;
  /** Why the microphone cannot be used, if it cannot. */
  micIssue: MediaAccessError | undefined;
  /** Why the camera cannot be used, if it cannot. */
  cameraIssue: MediaAccessError | undefined;
  layout: StageLayout;
  /** Whether the layout toggle applies (nobody is sharing a screen). */
  canChangeLayout: boolean;
  /** Whether the device settings panel is open. */
  settingsOpen: boolean;
  /** Whether the Reactions menu is open. */
  reactionsOpen: boolean;
  /** The chat or polls panel shown beside the stage, if any. */
  panel: SidePanel | undefined;
  /** The host's meeting-wide controls (undefined for participants). */
  hostControls: TemplateResult | undefined;
  onMic: () => void;
  onCamera: () => void;
  onScreen: () => void;
  onLayout: () => void;
  onSettings: () => void;
  onHand: () => void;
  onReactions: () => void;
  onPanel: (panel: SidePanel) => void;
  onLeave: () => void;
}

interface ButtonOptions {
  name: string;
  icon: SVGTemplateResult;
  onClick: () => void;
  active?: boolean;
  disabledReason?: string | undefined;
  className?: string;
  /** For a button that shows and hides a panel: whether it is shown. */
  expanded?: boolean | undefined;
  /** For a button that shows and hides a panel: the panel's id. */
  controls?: string | undefined;
}

/** A round toolbar button showing `icon`, named by visually hidden text. */
export function toolbarButton(options: ButtonOptions): TemplateResult {
  const { name, icon, onClick, active = false, disabledReason, className = '', expanded, controls } = options;
  return html`<button
    type="button"
    part="control"
    class="control ${className} ${active ? 'off' : ''}"
    title=${disabledReason ?? name}
    ?disabled=${disabledReason !== undefined}
    aria-expanded=${expanded === undefined ? nothing : String(expanded)}
    aria-controls=${controls ?? nothing}
    @click=${onClick}
  >
    ${icon}<span class="visually-hidden">${name}</span>
  </button>`;
}

/** The options of a button that shows and hides the element `controls`: highlighted while it is shown. */
function disclosure(open: boolean, controls: string): Pick<ButtonOptions, 'className' | 'expanded' | 'controls'> {
  return { className: open ? 'expanded' : '', expanded: open, controls };
}

/**
 * The meeting controls: microphone, camera, screen sharing, layout, device settings, raised
 * hand, reactions, chat, polls, the host's controls and leave.
 */
export function toolbarView(props: ToolbarProps): TemplateResult {
  const { self } = props;
  const micMuted = self?.audioMuted ?? true;
  const cameraOff = self?.videoOff ?? true;
  const sharing = self?.tracks.screen !== undefined;
  const micUnavailable = self?.tracks.mic === undefined && props.micIssue !== undefined;
  const cameraUnavailable = self?.tracks.camera === undefined && props.cameraIssue !== undefined;
  return html`<div part="toolbar" class="toolbar" role="toolbar" aria-label=${msg('Meeting controls', { id: 'meeting.toolbar' })} @keydown=${moveFocus}>
    ${toolbarButton({
      name: micMuted
        ? msg('Unmute microphone', { id: 'meeting.toolbar.unmute' })
        : msg('Mute microphone', { id: 'meeting.toolbar.mute' }),
      icon: micMuted ? micOffIcon : micIcon,
      onClick: props.onMic,
      active: micMuted,
      disabledReason: micUnavailable
        ? msg(str`Microphone unavailable: ${describeMediaIssue(props.micIssue!)}`, { id: 'meeting.toolbar.mic-unavailable' })
        : undefined,
    })}
    ${toolbarButton({
      name: cameraOff
        ? msg('Turn camera on', { id: 'meeting.toolbar.camera-on' })
        : msg('Turn camera off', { id: 'meeting.toolbar.camera-off' }),
      icon: cameraOff ? cameraOffIcon : cameraIcon,
      onClick: props.onCamera,
      active: cameraOff,
      disabledReason: cameraUnavailable
        ? msg(str`Camera unavailable: ${describeMediaIssue(props.cameraIssue!)}`, { id: 'meeting.toolbar.camera-unavailable' })
        : undefined,
    })}
    ${toolbarButton({
      name: sharing ? msg('Stop sharing', { id: 'meeting.toolbar.stop-share' }) : msg('Share screen', { id: 'meeting.toolbar.share' }),
      icon: sharing ? stopShareIcon : screenShareIcon,
      onClick: props.onScreen,
      className: sharing ? 'sharing' : '',
    })}
    ${props.canChangeLayout
      ? toolbarButton({
          name:
            props.layout === 'grid'
              ? msg('Speaker view', { id: 'meeting.toolbar.speaker-view' })
              : msg('Grid view', { id: 'meeting.toolbar.grid-view' }),
          icon: props.layout === 'grid' ? speakerViewIcon : gridIcon,
          onClick: props.onLayout,
        })
      : ''}
    ${toolbarButton({
      name: msg('Device settings', { id: 'meeting.settings' }),
      icon: settingsIcon,
      onClick: props.onSettings,
      ...disclosure(props.settingsOpen, DEVICE_SETTINGS_ID),
    })}
    ${toolbarButton({
      name: self?.handRaised ? msg('Lower hand', { id: 'meeting.toolbar.lower-hand' }) : msg('Raise hand', { id: 'meeting.toolbar.raise-hand' }),
      icon: handIcon,
      onClick: props.onHand,
      className: self?.handRaised ? 'expanded' : '',
    })}
    ${toolbarButton({
      name: msg('Reactions', { id: 'meeting.reactions' }),
      icon: reactionIcon,
      onClick: props.onReactions,
      ...disclosure(props.reactionsOpen, REACTIONS_MENU_ID),
    })}
    ${toolbarButton({
      name: msg('Chat', { id: 'meeting.chat' }),
      icon: chatIcon,
      onClick: () => props.onPanel('chat'),
      ...disclosure(props.panel === 'chat', SIDE_PANEL_ID),
    })}
    ${toolbarButton({
      name: msg('Polls', { id: 'meeting.polls' }),
      icon: pollIcon,
      onClick: () => props.onPanel('polls'),
      ...disclosure(props.panel === 'polls', SIDE_PANEL_ID),
    })}
    ${props.hostControls ?? nothing}
    ${toolbarButton({ name: msg('Leave', { id: 'meeting.toolbar.leave' }), icon: leaveIcon, onClick: props.onLeave, className: 'leave' })}
  </div>`;
}

/** Arrow keys, Home and End move between the toolbar's buttons (the ARIA toolbar pattern). */
function moveFocus(event: KeyboardEvent): void {
  const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const toolbar = event.currentTarget as HTMLElement;
  const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
  const current = buttons.indexOf(event.target as HTMLButtonElement);
  if (buttons.length === 0) return;
  let next: number;
  if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = buttons.length - 1;
  else next = (current + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
  event.preventDefault();
  buttons[next]?.focus();
}
