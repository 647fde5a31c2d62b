import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import { consentFields, type ConsentController } from './consent.js';
import { devicePickers } from './device-pickers.js';
import { describeMediaIssue, formatMeetingId } from './format.js';
import { msg, str } from '../internal/localize.js';
import { streamOf, type MediaPreview } from './media-preview.js';
import { recentMeetingsView, type RecentMeetingsProps } from './recent-meetings-view.js';

/** What the pre-join screen shows and what its controls do. */
export interface PrejoinProps {
  /** The meeting set by the host page (`''`: ask for it). */
  meeting: string;
  name: string;
  meetingInput: string;
  /** Whether a name must be typed (no token: the token provider needs it). */
  nameRequired: boolean;
  preview: MediaPreview;
  noAudio: boolean;
  noVideo: boolean;
  speakerSelection: boolean;
  /** Why the last join failed. */
  error: string | undefined;
  joining: boolean;
  /** The privacy-policy acknowledgement and age confirmation asked before joining. */
  consent: ConsentController;
  /** The meetings this browser joined before. */
  recent: RecentMeetingsProps;
  onName: (name: string) => void;
  onMeeting: (meeting: string) => void;
  onChoose: (kind: MediaDeviceKind, deviceId: string) => void;
  onJoin: () => void;
  /** The meeting is being recorded: the notice asking consent before joining, shown instead of Join. */
  recordingNotice: TemplateResult | undefined;
}

/**
 * The screen before joining: name, meeting id, recent meetings, camera preview, microphone
 * level, devices, and the consent the server asks for (Join stays disabled without it).
 */
export function prejoinView(props: PrejoinProps): TemplateResult {
  const { preview } = props;
  const issues = [props.noVideo ? undefined : preview.cameraError, props.noAudio ? undefined : preview.micError].filter(
    (issue) => issue !== undefined,
  );
  const submit = (event: Event) => {
    event.preventDefault();
    props.onJoin();
  };
  return html`<form part="prejoin" class="prejoin" @submit=${submit}>
    <h2 part="heading" class="heading">
      ${props.meeting
        ? msg(str`Join meeting ${formatMeetingId(props.meeting)}`, { id: 'meeting.prejoin.join-meeting' })
        : msg('Join a meeting', { id: 'meeting.prejoin.join-a-meeting' })}
    </h2>
    ${props.error ? html`<p part="error" class="error" role="alert">${props.error}</p>` : nothing}
    <div class="preview-area">
      ${props.noVideo ? nothing : cameraPreview(preview)}
      ${props.noAudio || preview.micError ? nothing : levelMeter(preview.level)}
    </div>
    <div part="notice" class="notice" role="status">
      ${issues.map(
        (issue) =>
          html`<p>${msg(str`${describeMediaIssue(issue)}. You can still join without it.`, { id: 'meeting.prejoin.issue' })}</p>`,
      )}
    </div>
    ${recentMeetingsView(props.recent)}
    <div class="fields">
      <label class="field">
        <span>${msg('Your name', { id: 'meeting.prejoin.name' })}</span>
        <input
          type="text"
          name="name"
          autocomplete="name"
          .value=${live(props.name)}
          ?required=${props.nameRequired}
          @input=${(event: Event) => props.onName((event.target as HTMLInputElement).value)}
        />
      </label>
      ${props.meeting
        ? nothing
        : html`<label class="field">
            <span>${msg('Meeting ID', { id: 'meeting.prejoin.meeting-id' })}</span>
            <input
              type="text"
              name="meeting"
              inputmode="numeric"
              autocomplete="off"
              required
              .value=${live(props.meetingInput)}
              @input=${(event: Event) => props.onMeeting((event.target as HTMLInputElement).value)}
            />
          </label>`}
      ${devicePickers({
        devices: preview.devices,
        cameraId: preview.cameraId,
        micId: preview.micId,
        speakerId: preview.speakerId,
        camera: !props.noVideo,
        microphone: !props.noAudio,
        speaker: props.speakerSelection,
        onChoose: props.onChoose,
      })}
    </div>
    ${consentFields(props.consent)}
    ${props.recordingNotice === undefined
      ? html`<button part="join" class="join" type="submit" ?disabled=${props.joining || !props.consent.satisfied}>
          ${msg('Join', { id: 'meeting.prejoin.join' })}
        </button>`
      : props.recordingNotice}
  </form>`;
}

function cameraPreview(preview: MediaPreview): TemplateResult {
  const camera = preview.camera;
  return html`<div class="preview-video">
    ${camera
      ? html`<video part="preview" class="video mirrored" .srcObject=${streamOf(camera)} .muted=${true} muted autoplay playsinline></video>`
      : html`<p class="preview-off">
          ${preview.cameraError
            ? msg('Camera unavailable', { id: 'meeting.prejoin.camera-unavailable' })
            : preview.active
              ? msg('Starting camera…', { id: 'meeting.prejoin.camera-starting' })
              : msg('Camera off', { id: 'meeting.prejoin.camera-off' })}
        </p>`}
  </div>`;
}

function levelMeter(level: number): TemplateResult {
  return html`<div
    part="meter"
    class="meter"
    role="meter"
    aria-label=${msg('Microphone level', { id: 'meeting.prejoin.level' })}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${level}
  >
    <div class="meter-fill" style=${styleMap({ transform: `scaleX(${level / 100})` })}></div>
  </div>`;
}
