import { html, nothing, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit';
import { listDevices, type DeviceList } from '../../core/media/devices.js';
import { devicePickers, type DevicePickersProps } from './device-pickers.js';
import { msg } from '../internal/localize.js';
import { focusAfterUpdate } from './popups.js';

/** Id of the panel inside the element's shadow root (the Settings button's `aria-controls`). */
export const DEVICE_SETTINGS_ID = 'device-settings';

/**
 * Whether the in-meeting device settings are open, and the device list they show. The list is
 * read when the panel opens and again on every `devicechange` while it is open; the listener
 * goes when the panel closes or the host leaves the page.
 */
export class DeviceSettings implements ReactiveController {
  readonly #host: ReactiveElement;
  /** Bumped on open and close so that a device list arriving after a close is dropped. */
  #generation = 0;

  open = false;
  devices: DeviceList = { audioinput: [], videoinput: [], audiooutput: [] };

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Opens the panel and moves focus to its first picker. */
  show(): void {
    if (this.open) return;
    this.open = true;
    this.#generation++;
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', this.#refresh);
    this.#refresh();
    this.#host.requestUpdate();
    void focusAfterUpdate(this.#host, `#${DEVICE_SETTINGS_ID} select`);
  }

  /** Closes the panel and gives focus back to the Settings button; returns whether it was open. */
  hide(): boolean {
    if (!this.open) return false;
    this.close();
    this.#host.requestUpdate();
    void focusAfterUpdate(this.#host, `[aria-controls="${DEVICE_SETTINGS_ID}"]`);
    return true;
  }

  toggle(): void {
    if (this.open) this.hide();
    else this.show();
  }

  /** Closes the panel without moving focus (the meeting screen is gone); idempotent. */
  close(): void {
    this.#generation++;
    globalThis.navigator?.mediaDevices?.removeEventListener?.('devicechange', this.#refresh);
    this.open = false;
  }

  readonly #refresh = (): void => {
    const generation = this.#generation;
    listDevices().then(
      (devices) => {
        if (generation !== this.#generation) return;
        this.devices = devices;
        this.#host.requestUpdate();
      },
      () => {
        // No device list: the pickers offer only the defaults.
      },
    );
  };
}

/** What the device settings panel shows and what its pickers do. */
export interface DeviceSettingsProps extends Omit<DevicePickersProps, 'camera' | 'microphone'> {
  open: boolean;
}

/**
 * The in-meeting device settings: a region (not a dialog: the meeting stays usable) with the
 * same pickers as the pre-join screen. Always rendered, hidden while closed, so that the
 * Settings button's `aria-controls` always names an element.
 */
export function deviceSettingsPanel(props: DeviceSettingsProps): TemplateResult {
  return html`<div
    part="settings"
    id=${DEVICE_SETTINGS_ID}
    class="settings"
    role="region"
    aria-labelledby="device-settings-title"
    ?hidden=${!props.open}
  >
    <p id="device-settings-title" class="settings-title">${msg('Device settings', { id: 'meeting.settings' })}</p>
    ${props.open ? html`<div class="fields">${devicePickers({ ...props, camera: true, microphone: true })}</div>` : nothing}
  </div>`;
}
