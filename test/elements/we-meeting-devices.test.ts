import { expect, waitUntil } from '@open-wc/testing';
import type { WeMeetingElement } from '../../src/index.js';
import { supportsSpeakerSelection } from '../../src/core/media/devices.js';
import { button, field, joinedMeeting, nextEvent, query, queryAll } from './helpers.js';
import './we-meeting-client-config.js';

type Device = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

const DEVICES: Device[] = [
  { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera' },
  { deviceId: 'cam-2', kind: 'videoinput', label: 'USB camera' },
  { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' },
  { deviceId: 'mic-2', kind: 'audioinput', label: 'Headset microphone' },
  { deviceId: 'spk-1', kind: 'audiooutput', label: 'Built-in speakers' },
  { deviceId: 'spk-2', kind: 'audiooutput', label: 'Headphones' },
];

/** Makes enumerateDevices() answer `devices` (the fake devices' ids depend on permissions). */
function stubDevices(devices: Device[]): { calls: number } {
  const counter = { calls: 0 };
  navigator.mediaDevices.enumerateDevices = async () => {
    counter.calls++;
    return devices.map((device) => ({ ...device, groupId: 'group', toJSON: () => device }) as MediaDeviceInfo);
  };
  return counter;
}

function restoreDevices(): void {
  delete (navigator.mediaDevices as { enumerateDevices?: unknown }).enumerateDevices;
}

function settingsButton(element: WeMeetingElement): HTMLButtonElement {
  return button(element, 'Device settings')!;
}

function panel(element: WeMeetingElement): HTMLElement {
  return query(element, '[role="region"]')!;
}

/** Values of a select's options. */
function options(select: HTMLSelectElement | undefined): string[] {
  return [...(select?.options ?? [])].map((option) => option.value);
}

/** Opens the settings and waits for the stubbed device list. */
async function openSettings(element: WeMeetingElement): Promise<void> {
  settingsButton(element).click();
  await waitUntil(() => options(field(element, 'Camera')).includes('cam-2'), 'no camera list');
}

/** Chooses `deviceId` in the select labelled `label`, as a user would. */
function choose(element: WeMeetingElement, label: string, deviceId: string): HTMLSelectElement {
  const select = field<HTMLSelectElement>(element, label)!;
  select.value = deviceId;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  return select;
}

function pressEscape(target: Element): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
}

describe('<we-meeting> device settings', () => {
  beforeEach(() => stubDevices(DEVICES));
  afterEach(restoreDevices);

  it('renders a collapsed Device settings button that controls a hidden panel', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    const toggle = settingsButton(element);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.getAttribute('aria-controls')).to.equal(panel(element).id);
    expect(panel(element).hidden).to.equal(true);
    expect(query(element, '[part="settings"]')).to.equal(panel(element));
    expect(field(element, 'Camera')).to.equal(undefined);
  });

  it('is accessible with the device settings open', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true }, participants: [{ displayName: 'Bob' }] });
    await openSettings(element);
    await expect(element).to.be.accessible();
  });

  it('opens a labelled region with Camera, Microphone and Speaker pickers and focuses it', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    await openSettings(element);
    const region = panel(element);
    expect(region.hidden).to.equal(false);
    const labelledBy = region.getAttribute('aria-labelledby')!;
    expect(element.shadowRoot!.getElementById(labelledBy)!.textContent).to.equal('Device settings');
    expect(settingsButton(element).getAttribute('aria-expanded')).to.equal('true');
    expect(options(field(element, 'Camera'))).to.include.members(['cam-1', 'cam-2']);
    expect(options(field(element, 'Microphone'))).to.include.members(['mic-1', 'mic-2']);
    if (supportsSpeakerSelection()) expect(options(field(element, 'Speaker'))).to.deep.equal(['', 'spk-1', 'spk-2']);
    else expect(field(element, 'Speaker')).to.equal(undefined);
    await waitUntil(() => element.shadowRoot!.activeElement === field(element, 'Camera'), 'focus not in the panel');
  });

  it('selects the devices of the tracks in use', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    const { camera, mic } = client.self!.tracks;
    camera!.getSettings = () => ({ deviceId: 'cam-2' });
    mic!.getSettings = () => ({ deviceId: 'mic-1' });
    await openSettings(element);
    expect(field<HTMLSelectElement>(element, 'Camera')!.value).to.equal('cam-2');
    expect(field<HTMLSelectElement>(element, 'Microphone')!.value).to.equal('mic-1');
  });

  it('calls client.switchDevice("videoinput", id) when a camera is chosen', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    // A track that names no device (the fake's canvas track names one of its own, which no list has).
    client.self!.tracks.camera!.getSettings = () => ({});
    await openSettings(element);
    choose(element, 'Camera', 'cam-2');
    await waitUntil(() => client.callsOf('switchDevice').length > 0);
    expect(client.callsOf('switchDevice')).to.deep.equal([['videoinput', 'cam-2']]);
    await element.updateComplete;
    expect(field<HTMLSelectElement>(element, 'Camera')!.value).to.equal('cam-2');
  });

  it('calls client.switchDevice("audioinput", id) when a microphone is chosen', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    await openSettings(element);
    choose(element, 'Microphone', 'mic-2');
    await waitUntil(() => client.callsOf('switchDevice').length > 0);
    expect(client.callsOf('switchDevice')).to.deep.equal([['audioinput', 'mic-2']]);
  });

  it('shows a switchDevice() rejection in the alert line, fires we-error and keeps the device', async () => {
    const failure = new Error('the camera is in use by another application');
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice' }, switchDeviceError: failure });
    client.self!.tracks.camera!.getSettings = () => ({ deviceId: 'cam-1' });
    await openSettings(element);
    const reported = nextEvent(element, 'we-error');
    choose(element, 'Camera', 'cam-2');
    expect((await reported).error).to.equal(failure);
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('the camera is in use by another application');
    expect(field<HTMLSelectElement>(element, 'Camera')!.value).to.equal('cam-1');
  });

  it('routes remote audio, also audio added later, to the chosen speaker', async function () {
    if (!supportsSpeakerSelection()) this.skip();
    const sinks: [string | undefined, string][] = [];
    const original = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'setSinkId')!;
    HTMLMediaElement.prototype.setSinkId = async function (this: HTMLMediaElement, sinkId: string) {
      sinks.push([this.dataset['participantId'], sinkId]);
    };
    try {
      const { element, client } = await joinedMeeting({ participants: [{ id: 'bob', displayName: 'Bob', mic: true }] });
      await openSettings(element);
      choose(element, 'Speaker', 'spk-2');
      await waitUntil(() => sinks.length > 0, 'no setSinkId');
      expect(sinks).to.deep.equal([['bob', 'spk-2']]);
      client.addParticipant({ id: 'carol', displayName: 'Carol', mic: true });
      await waitUntil(() => sinks.length > 1, 'no setSinkId for the new audio');
      expect(sinks).to.deep.equal([
        ['bob', 'spk-2'],
        ['carol', 'spk-2'],
      ]);
      expect(queryAll(element, 'audio')).to.have.length(2);
      expect(client.callsOf('switchDevice')).to.deep.equal([]);
    } finally {
      Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', original);
    }
  });

  it('closes on Escape and gives focus back to the Settings button', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    await openSettings(element);
    const camera = field<HTMLSelectElement>(element, 'Camera')!;
    await waitUntil(() => element.shadowRoot!.activeElement === camera, 'focus not in the panel');
    pressEscape(camera);
    await element.updateComplete;
    expect(panel(element).hidden).to.equal(true);
    expect(field(element, 'Camera')).to.equal(undefined);
    expect(settingsButton(element).getAttribute('aria-expanded')).to.equal('false');
    await waitUntil(() => element.shadowRoot!.activeElement === settingsButton(element), 'focus not back on the button');
  });

  it('closes from the Settings button', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    await openSettings(element);
    settingsButton(element).click();
    await element.updateComplete;
    expect(panel(element).hidden).to.equal(true);
    expect(settingsButton(element).getAttribute('aria-expanded')).to.equal('false');
  });

  it('refreshes the pickers on devicechange', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    await openSettings(element);
    stubDevices([...DEVICES, { deviceId: 'cam-3', kind: 'videoinput', label: 'Document camera' }]);
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await waitUntil(() => options(field(element, 'Camera')).includes('cam-3'), 'list not refreshed');
  });

  it('closes the settings when the meeting ends', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    await openSettings(element);
    client.setState('left');
    await element.updateComplete;
    const counter = stubDevices(DEVICES);
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(counter.calls).to.equal(0);
  });
});
