import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { DeviceList } from '../../core/media/devices.js';
import { msg } from '../internal/localize.js';

/** What the camera, microphone and speaker pickers show and what choosing does. */
export interface DevicePickersProps {
  devices: DeviceList;
  /** The chosen device of each kind (`''`: the default or unknown). */
  cameraId: string;
  micId: string;
  speakerId: string;
  /** Which pickers to show. */
  camera: boolean;
  microphone: boolean;
  speaker: boolean;
  onChoose: (kind: MediaDeviceKind, deviceId: string) => void;
}

/** The Camera, Microphone and Speaker `<select>`s, shared by the pre-join screen and the device settings. */
export function devicePickers(props: DevicePickersProps): TemplateResult {
  const { devices } = props;
  return html`${props.camera
    ? devicePicker(
        msg('Camera', { id: 'meeting.devices.camera' }),
        'videoinput',
        devices.videoinput,
        props.cameraId,
        msg('Default camera', { id: 'meeting.devices.default-camera' }),
        props.onChoose,
      )
    : nothing}${props.microphone
    ? devicePicker(
        msg('Microphone', { id: 'meeting.devices.microphone' }),
        'audioinput',
        devices.audioinput,
        props.micId,
        msg('Default microphone', { id: 'meeting.devices.default-microphone' }),
        props.onChoose,
      )
    : nothing}${props.speaker
    ? devicePicker(
        msg('Speaker', { id: 'meeting.devices.speaker' }),
        'audiooutput',
        devices.audiooutput,
        props.speakerId,
        msg('System default', { id: 'meeting.devices.system-default' }),
        props.onChoose,
        true,
      )
    : nothing}`;
}

function devicePicker(
  label: string,
  kind: MediaDeviceKind,
  devices: readonly MediaDeviceInfo[],
  selected: string,
  defaultLabel: string,
  onChoose: DevicePickersProps['onChoose'],
  alwaysDefault = false,
): TemplateResult {
  const change = (event: Event) => onChoose(kind, (event.target as HTMLSelectElement).value);
  // A device that is not listed shows as the default: without that entry the select would
  // show the first device as chosen, and choosing that device would fire no change.
  const value = devices.some((device) => device.deviceId === selected) ? selected : '';
  // `live` puts the select back to `value` when a choice did not take (e.g. a failed switch).
  return html`<label class="field">
    <span>${label}</span>
    <select name=${kind} .value=${live(value)} @change=${change}>
      ${alwaysDefault || value === '' ? html`<option value="" ?selected=${value === ''}>${defaultLabel}</option>` : nothing}
      ${devices.map(
        (device, index) =>
          html`<option value=${device.deviceId} ?selected=${device.deviceId === value}>
            ${device.label || `${label} ${index + 1}`}
          </option>`,
      )}
    </select>
  </label>`;
}
