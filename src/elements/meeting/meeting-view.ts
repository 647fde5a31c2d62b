import { html, nothing, type TemplateResult } from 'lit';
import type { Reaction } from '../../core/index.js';
import type { MeetingClientApi, ParticipantView } from '../../core/meeting-types.js';
import type { RecordingPhase } from '../../core/recording/recording-types.js';
import type { MediaAccessError } from '../../core/media/media-errors.js';
import { deviceSettingsPanel, type DeviceSettingsProps } from './device-settings.js';
import { describeMediaIssue, formatMeetingId, shownName } from './format.js';
import {
  actionsMenuId,
  END_CONFIRM_ID,
  endMeetingConfirm,
  hostToolbarButtons,
  RECORDING_CONFIRM_ID,
  recordingConfirm,
  type RecordingConfirmProps,
  tileActions,
  type EndConfirmProps,
  type HostActionsProps,
  type HostToolbarProps,
} from './host-actions.js';
import { lockIcon } from './icons.js';
import type { MeetingSession } from './meeting-session.js';
import type { RecordingControls } from './recording-controls.js';
import type { PopupState } from './popups.js';
import { msg, str } from '../internal/localize.js';
import type { TileExtras } from './participant-tile.js';
import { REACTIONS_MENU_ID, reactionsMenu } from './reactions.js';
import { hostActionStyles } from './host-actions.styles.js';
import { sidePanel } from './side-panel.js';
import { stageView, type StageLayout } from './stage-view.js';
import { toolbarView, type ToolbarProps } from './toolbar.js';

/** The host controls' styles, added to the element's shadow root when the meeting screen first shows. */
export const stageStyles = [hostActionStyles];

/** What the host controls do (only hosts see them). */
export interface HostCallbacks
  extends Omit<HostActionsProps, 'openPopup' | 'confirming'>,
    Pick<HostToolbarProps, 'onMuteAll' | 'onLock' | 'onEnd' | 'onRecord'>,
    Omit<EndConfirmProps, 'open'>,
    Omit<RecordingConfirmProps, 'open' | 'phase'> {}

/** The host controls: menus and confirmations through the popups, actions through the session. */
export function hostCallbacks(session: MeetingSession, popups: PopupState, recording: RecordingControls): HostCallbacks {
  const inMenu = (participantId: string, selector: string) => `#${CSS.escape(actionsMenuId(participantId))} ${selector}`;
  /** Closes the open menu (focus back on its button), then runs the action. */
  const closeThen = (action: () => Promise<void>) => {
    popups.hide();
    void action();
  };
  return {
    onToggle: (popupId) => popups.toggle(popupId),
    onMute: (participantId) => closeThen(() => session.muteParticipant(participantId)),
    onMakeHost: (participantId) => closeThen(() => session.makeHost(participantId)),
    onAskRemove: (participantId) => popups.confirm(`remove:${participantId}`, inMenu(participantId, '[data-action="confirm-remove"]')),
    onRemove: (participantId) => closeThen(() => session.removeParticipant(participantId)),
    onCancel: (participantId) => popups.cancelConfirm(inMenu(participantId, '[data-action="remove"]')),
    onMuteAll: () => void session.muteAll(),
    onLock: () => void session.toggleLock(),
    onEnd: () => popups.toggle(END_CONFIRM_ID),
    onConfirmEnd: () => closeThen(() => session.endForAll()),
    onCancelEnd: () => popups.hide(),
    onRecord: () => popups.toggle(RECORDING_CONFIRM_ID),
    onConfirmRecord: () =>
      closeThen(() => (session.client?.recording?.current.state === 'off' ? recording.start() : recording.stop())),
    onCancelRecord: () => popups.hide(),
  };
}

/** What the in-meeting screen shows and what its controls do. */
export interface MeetingViewProps
  extends Pick<
    ToolbarProps,
    'onMic' | 'onCamera' | 'onScreen' | 'onLayout' | 'onSettings' | 'onHand' | 'onReactions' | 'onLeave' | 'panel' | 'onPanel'
  > {
  client: MeetingClientApi;
  reconnecting: boolean;
  /** The meeting id asked for, until the client knows it. */
  meeting: string;
  layout: StageLayout;
  /** Why the last meeting control failed. */
  actionError: string | undefined;
  /** The device settings panel. */
  settings: DeviceSettingsProps;
  /** The reaction currently shown on a participant's tile. */
  reactionOf: (participantId: string) => Reaction | undefined;
  /** Id of the open popup (Reactions menu, a tile's actions, the End meeting confirmation). */
  openPopup: string | undefined;
  /** Key of the host action waiting for confirmation. */
  confirming: string | undefined;
  onReact: (reaction: Reaction) => void;
  /** Escape was pressed: closes the open popup, else the device settings; returns whether it closed one. */
  onEscape: () => boolean;
  host: HostCallbacks;
  /** The recording's status and notice (rendered by their own lazily loaded views). */
  recording: RecordingSlots;
}

/** What the meeting screen shows of the recording. */
export interface RecordingSlots {
  /** The recording's phase; `undefined` for a client that knows nothing of recording. */
  phase: RecordingPhase | undefined;
  /** The Recording status (empty while off). */
  indicator: TemplateResult | typeof nothing;
  /** The notice asking this participant to agree or leave (empty unless it must show). */
  notice: TemplateResult | typeof nothing;
}

/** The newest problem with the microphone (`audio`) or camera (`video`), if any. */
function newestIssue(client: MeetingClientApi, kind: 'audio' | 'video'): MediaAccessError | undefined {
  return client.mediaIssues.findLast((issue) => issue.kind === kind);
}

/**
 * The screen while joined: one status region (connection line, lock and media problems, so
 * screen readers hear one polite announcement), the error of a failed control, the stage, the
 * device settings, Reactions menu and End meeting confirmation (above the toolbar, next to the
 * buttons that open them), the toolbar. Hosts also get actions on others' tiles.
 */
export function meetingView(props: MeetingViewProps): TemplateResult {
  const { client } = props;
  const self = client.self;
  const meeting = client.meeting ?? props.meeting;
  const micIssue = newestIssue(client, 'audio');
  const cameraIssue = newestIssue(client, 'video');
  const notices = [
    self?.tracks.mic === undefined && micIssue
      ? msg(str`${describeMediaIssue(micIssue)} — you joined without audio`, { id: 'meeting.notice.without-audio' })
      : undefined,
    self?.tracks.camera === undefined && cameraIssue
      ? msg(str`${describeMediaIssue(cameraIssue)} — you joined without video`, { id: 'meeting.notice.without-video' })
      : undefined,
  ].filter((notice) => notice !== undefined);
  const isHost = self?.role === 'host';
  const hostActions: HostActionsProps = { ...props.host, openPopup: props.openPopup, confirming: props.confirming };
  const extras = (participant: ParticipantView): TileExtras => ({
    reaction: props.reactionOf(participant.id),
    actions: isHost && !participant.isSelf ? tileActions(participant, hostActions) : undefined,
  });
  // On the whole screen, so that Escape works inside a popup or the panel and on their buttons.
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !props.onEscape()) return;
    event.preventDefault();
    event.stopPropagation(); // Handled: a dialog around the element must not close too.
  };
  const { recording } = props;
  // While the recording notice waits for an answer, the rest of the screen is inert.
  return html`<div class="meeting" @keydown=${onKeydown}>
    <div class="recording-screen" ?inert=${recording.notice !== nothing}>
    <div part="status" class="status" role="status">
      <p class="status-line">
        <span part="indicator" class="indicator" aria-hidden="true"></span>
        <span
          >${props.reconnecting
            ? msg('Reconnecting…', { id: 'meeting.status.reconnecting' })
            : msg('Connected', { id: 'meeting.status.connected' })}</span
        >
        ${meeting
          ? html`<span>${msg(str`· Meeting ${formatMeetingId(meeting)}`, { id: 'meeting.status.meeting' })}</span>`
          : nothing}
        ${self ? html`<span>${msg(str`· as ${shownName(self)}`, { id: 'meeting.status.as' })}</span>` : nothing}
        ${client.locked
          ? html`<span part="locked" class="locked">· ${lockIcon} ${msg('Locked', { id: 'meeting.status.locked' })}</span>`
          : nothing}
      </p>
      ${notices.length > 0
        ? html`<ul part="notice" class="notice">
            ${notices.map((notice) => html`<li>${notice}</li>`)}
          </ul>`
        : nothing}
    </div>
    ${recording.indicator}
    ${props.actionError ? html`<p part="error" class="error" role="alert">${props.actionError}</p>` : nothing}
    <div class="body">
      <div part="stage" class="stage">
        ${stageView({
          participants: client.participants,
          activeSpeakerId: client.activeSpeakerId,
          screenSharerId: client.screenSharerId,
          layout: props.layout,
          extras,
        })}
      </div>
      ${sidePanel(props.panel)}
    </div>
    ${deviceSettingsPanel(props.settings)}
    ${reactionsMenu({ open: props.openPopup === REACTIONS_MENU_ID, onReact: props.onReact })}
    ${isHost
      ? endMeetingConfirm({ ...props.host, open: props.openPopup === END_CONFIRM_ID })
      : nothing}
    ${isHost && recording.phase !== undefined
      ? recordingConfirm({ ...props.host, phase: recording.phase, open: props.openPopup === RECORDING_CONFIRM_ID })
      : nothing}
    ${toolbarView({
      ...props,
      self,
      micIssue,
      cameraIssue,
      canChangeLayout: client.screenSharerId === undefined,
      settingsOpen: props.settings.open,
      reactionsOpen: props.openPopup === REACTIONS_MENU_ID,
      hostControls: isHost
        ? hostToolbarButtons({
            ...props.host,
            locked: client.locked,
            endConfirmOpen: props.openPopup === END_CONFIRM_ID,
            recording: recording.phase,
            recordingConfirmOpen: props.openPopup === RECORDING_CONFIRM_ID,
          })
        : undefined,
    })}
    </div>
    ${recording.notice}
  </div>`;
}
