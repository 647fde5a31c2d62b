import { html, nothing, type TemplateResult } from 'lit';
import type { ParticipantView } from '../../core/meeting-types.js';
import type { RecordingPhase } from '../../core/recording/recording-types.js';
import { shownName } from './format.js';
import { endMeetingIcon, lockIcon, micOffIcon, moreIcon, recordIcon, unlockIcon } from './icons.js';
import { toolbarButton } from './toolbar.js';
import { msg, str } from '../internal/localize.js';
import { actionsMenuId, END_CONFIRM_ID, RECORDING_CONFIRM_ID } from './popups.js';

export { actionsMenuId, END_CONFIRM_ID, RECORDING_CONFIRM_ID };

/** What a host can do with the others, and which menu or confirmation is showing. */
export interface HostActionsProps {
  /** Id of the open popup (a tile's menu, the End meeting confirmation). */
  openPopup: string | undefined;
  /** Key of the action waiting for confirmation (`remove:<participant id>`). */
  confirming: string | undefined;
  onToggle: (popupId: string) => void;
  onMute: (participantId: string) => void;
  onMakeHost: (participantId: string) => void;
  /** The first click on Remove from meeting: asks for confirmation. */
  onAskRemove: (participantId: string) => void;
  onRemove: (participantId: string) => void;
  onCancel: (participantId: string) => void;
}

/**
 * A remote tile's host actions: a button opening a small menu with Mute (while the
 * participant's microphone is on), Make host (for non-hosts) and Remove from meeting, which
 * asks for confirmation in place before calling the client.
 */
export function tileActions(participant: ParticipantView, props: HostActionsProps): TemplateResult {
  const id = actionsMenuId(participant.id);
  const open = props.openPopup === id;
  const name = shownName(participant);
  const confirming = open && props.confirming === `remove:${participant.id}`;
  const label = msg(str`Actions for ${name}`, { id: 'meeting.host.actions-for' });
  let items: TemplateResult | typeof nothing = nothing;
  if (confirming) {
    items = html`<p class="popup-text">${msg(str`Remove ${name} from the meeting?`, { id: 'meeting.host.remove-question' })}</p>
      <button type="button" class="danger" data-action="confirm-remove" @click=${() => props.onRemove(participant.id)}>
        ${msg('Confirm removal', { id: 'meeting.host.confirm-remove' })}
      </button>
      <button type="button" @click=${() => props.onCancel(participant.id)}>${msg('Cancel', { id: 'meeting.cancel' })}</button>`;
  } else if (open) {
    items = html`${participant.audioMuted
        ? nothing
        : html`<button type="button" @click=${() => props.onMute(participant.id)}>
            ${msg('Mute', { id: 'meeting.host.mute' })}
          </button>`}
      ${participant.role === 'host'
        ? nothing
        : html`<button type="button" @click=${() => props.onMakeHost(participant.id)}>
            ${msg('Make host', { id: 'meeting.host.make-host' })}
          </button>`}
      <button type="button" data-action="remove" @click=${() => props.onAskRemove(participant.id)}>
        ${msg('Remove from meeting', { id: 'meeting.host.remove' })}
      </button>`;
  }
  return html`<div class="tile-actions">
    <button
      type="button"
      part="actions"
      class="actions-toggle"
      aria-expanded=${String(open)}
      aria-controls=${id}
      title=${label}
      @click=${() => props.onToggle(id)}
    >
      ${moreIcon}<span class="visually-hidden">${label}</span>
    </button>
    <div id=${id} part="actions-menu" class="popup actions-menu" role="group" aria-label=${label} ?hidden=${!open}>
      ${items}
    </div>
  </div>`;
}

/** What the host's toolbar buttons show and do. */
export interface HostToolbarProps {
  locked: boolean;
  endConfirmOpen: boolean;
  onMuteAll: () => void;
  onLock: () => void;
  /** Opens or closes the End meeting confirmation. */
  onEnd: () => void;
  /** Whether the client can record (`undefined`: it knows nothing of recording, no button). */
  recording: RecordingPhase | undefined;
  recordingConfirmOpen: boolean;
  /** Opens or closes the Start recording / Stop recording confirmation. */
  onRecord: () => void;
}

/** The recording button's name, and its confirming button's: Start recording while off, else Stop recording. */
function recordingAction(phase: RecordingPhase): string {
  return phase === 'off' ? msg('Start recording', { id: 'meeting.recording.start' }) : msg('Stop recording', { id: 'meeting.recording.stop' });
}

/** The host's meeting-wide controls: Start or Stop recording, Mute all, Lock or Unlock meeting, End meeting for all. */
export function hostToolbarButtons(props: HostToolbarProps): TemplateResult {
  const phase = props.recording;
  const record =
    phase === undefined
      ? nothing
      : toolbarButton({
          name: recordingAction(phase),
          icon: recordIcon,
          onClick: props.onRecord,
          className: phase === 'off' ? '' : 'recording',
          disabledReason: phase === 'stopping' ? msg('The recording is stopping…', { id: 'meeting.recording.stopping' }) : undefined,
          expanded: props.recordingConfirmOpen,
          controls: RECORDING_CONFIRM_ID,
        });
  return html`${record}
  ${toolbarButton({ name: msg('Mute all', { id: 'meeting.host.mute-all' }), icon: micOffIcon, onClick: props.onMuteAll })}
  ${toolbarButton({
    name: props.locked ? msg('Unlock meeting', { id: 'meeting.host.unlock' }) : msg('Lock meeting', { id: 'meeting.host.lock' }),
    icon: props.locked ? lockIcon : unlockIcon,
    onClick: props.onLock,
    className: props.locked ? 'expanded' : '',
  })}
  ${toolbarButton({
    name: msg('End meeting for all', { id: 'meeting.host.end' }),
    icon: endMeetingIcon,
    onClick: props.onEnd,
    className: 'danger',
    expanded: props.endConfirmOpen,
    controls: END_CONFIRM_ID,
  })}`;
}

/** What the End meeting confirmation does. */
export interface EndConfirmProps {
  open: boolean;
  onConfirmEnd: () => void;
  onCancelEnd: () => void;
}

/** Asks the host to confirm ending the meeting for everyone (above the toolbar, like the device settings). */
export function endMeetingConfirm(props: EndConfirmProps): TemplateResult {
  return html`<div
    id=${END_CONFIRM_ID}
    part="confirm"
    class="popup confirm"
    role="group"
    aria-labelledby="end-meeting-question"
    ?hidden=${!props.open}
  >
    <p id="end-meeting-question" class="popup-text">${msg('End the meeting for everyone?', { id: 'meeting.host.end-question' })}</p>
    ${props.open
      ? html`<button type="button" class="danger" @click=${props.onConfirmEnd}>
            ${msg('Confirm end meeting', { id: 'meeting.host.confirm-end' })}
          </button>
          <button type="button" @click=${props.onCancelEnd}>${msg('Cancel', { id: 'meeting.cancel' })}</button>`
      : nothing}
  </div>`;
}

/** What the Start recording / Stop recording confirmation does. */
export interface RecordingConfirmProps {
  /** The recording's phase (the question and the confirming button follow it). */
  phase: RecordingPhase;
  open: boolean;
  onConfirmRecord: () => void;
  onCancelRecord: () => void;
}

/**
 * Asks the host to confirm starting or stopping the recording; the confirming button has the
 * toolbar button's name. Starting says that everyone is asked first.
 */
export function recordingConfirm(props: RecordingConfirmProps): TemplateResult {
  const action = recordingAction(props.phase);
  const question =
    props.phase === 'off'
      ? msg('Record this meeting? Everyone is asked to agree, and nobody is recorded before they do.', { id: 'meeting.recording.start-question' })
      : msg('Stop recording this meeting?', { id: 'meeting.recording.stop-question' });
  // Nothing to confirm while the recording stops.
  const open = props.open && props.phase !== 'stopping';
  return html`<div
    id=${RECORDING_CONFIRM_ID}
    part="recording-confirm"
    class="popup confirm"
    role="group"
    aria-labelledby="recording-question"
    ?hidden=${!open}
  >
    <p id="recording-question" class="popup-text">${question}</p>
    ${open
      ? html`<button type="button" class="danger" @click=${props.onConfirmRecord}>${action}</button>
          <button type="button" @click=${props.onCancelRecord}>${msg('Cancel', { id: 'meeting.cancel' })}</button>`
      : nothing}
  </div>`;
}
