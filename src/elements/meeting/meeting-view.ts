import { html, nothing, type TemplateResult } from 'lit';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import type { MediaAccessError } from '../../core/media/media-errors.js';
import { closeOnEscape, deviceSettingsPanel, type DeviceSettingsProps } from './device-settings.js';
import { formatMeetingId } from './format.js';
import { stageView, type StageLayout } from './stage-view.js';
import { toolbarView, type ToolbarProps } from './toolbar.js';

/** What the in-meeting screen shows and what its controls do. */
export interface MeetingViewProps
  extends Pick<ToolbarProps, 'onMic' | 'onCamera' | 'onScreen' | 'onLayout' | 'onSettings' | 'onLeave'> {
  client: MeetingClientApi;
  reconnecting: boolean;
  /** The meeting id asked for, until the client knows it. */
  meeting: string;
  layout: StageLayout;
  /** Why the last meeting control failed. */
  actionError: string | undefined;
  /** The device settings panel. */
  settings: DeviceSettingsProps;
}

/** The newest problem with the microphone (`audio`) or camera (`video`), if any. */
function newestIssue(client: MeetingClientApi, kind: 'audio' | 'video'): MediaAccessError | undefined {
  return client.mediaIssues.findLast((issue) => issue.kind === kind);
}

/**
 * The screen while joined: one status region (connection line and media problems, so screen
 * readers hear one polite announcement), the error of a failed control, the stage, the device
 * settings (above the toolbar, next to the button that opens them), the toolbar.
 */
export function meetingView(props: MeetingViewProps): TemplateResult {
  const { client } = props;
  const self = client.self;
  const meeting = client.meeting ?? props.meeting;
  const micIssue = newestIssue(client, 'audio');
  const cameraIssue = newestIssue(client, 'video');
  const notices = [
    self?.tracks.mic === undefined && micIssue ? `${micIssue.message} — you joined without audio` : undefined,
    self?.tracks.camera === undefined && cameraIssue ? `${cameraIssue.message} — you joined without video` : undefined,
  ].filter((notice) => notice !== undefined);
  return html`<div class="meeting" @keydown=${closeOnEscape(props.settings)}>
    <div part="status" class="status" role="status">
      <p class="status-line">
        <span part="indicator" class="indicator" aria-hidden="true"></span>
        <span>${props.reconnecting ? 'Reconnecting…' : 'Connected'}</span>
        ${meeting ? html`<span>· Meeting ${formatMeetingId(meeting)}</span>` : nothing}
        ${self ? html`<span>· as ${self.displayName}</span>` : nothing}
      </p>
      ${notices.length > 0
        ? html`<ul part="notice" class="notice">
            ${notices.map((notice) => html`<li>${notice}</li>`)}
          </ul>`
        : nothing}
    </div>
    ${props.actionError ? html`<p part="error" class="error" role="alert">${props.actionError}</p>` : nothing}
    <div part="stage" class="stage">
      ${stageView({
        participants: client.participants,
        activeSpeakerId: client.activeSpeakerId,
        screenSharerId: client.screenSharerId,
        layout: props.layout,
      })}
    </div>
    ${deviceSettingsPanel(props.settings)}
    ${toolbarView({
      self,
      micIssue,
      cameraIssue,
      layout: props.layout,
      canChangeLayout: client.screenSharerId === undefined,
      settingsOpen: props.settings.open,
      onMic: props.onMic,
      onCamera: props.onCamera,
      onScreen: props.onScreen,
      onLayout: props.onLayout,
      onSettings: props.onSettings,
      onLeave: props.onLeave,
    })}
  </div>`;
}
