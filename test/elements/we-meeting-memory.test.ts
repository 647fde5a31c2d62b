import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { MeetingClient, type WeMeetingElement } from '../../src/index.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, joinedMeeting, query } from './helpers.js';

describe('<we-meeting> memory', () => {
  it('stops the preview tracks when removed from the page', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting display-name="Alice"></we-meeting>`);
    await waitUntil(() => query<HTMLVideoElement>(element, 'video[part="preview"]')?.srcObject, 'no preview');
    await waitUntil(() => query(element, '[role="meter"]'), 'no meter');
    const video = query<HTMLVideoElement>(element, 'video[part="preview"]')!;
    const [camera] = (video.srcObject as MediaStream).getVideoTracks();
    expect(camera!.readyState).to.equal('live');
    element.remove();
    expect(camera!.readyState).to.equal('ended');
  });

  it('stops tracks that arrive after it was removed', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting display-name="Alice"></we-meeting>`);
    const opened: MediaStreamTrack[] = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      opened.push(...stream.getTracks());
      return stream;
    };
    try {
      element.noVideo = true; // Restarts the preview through the wrapped getUserMedia.
      await element.updateComplete;
      element.remove();
      await waitUntil(() => opened.length > 0, 'nothing opened');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(opened.every((track) => track.readyState === 'ended')).to.equal(true);
    } finally {
      delete (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia;
    }
  });

  it('closes a client it created when removed', async () => {
    const original = MeetingClient.prototype.join;
    MeetingClient.prototype.join = () => new Promise<void>(() => {}); // Never reaches a server.
    try {
      const element = await fixture<WeMeetingElement>(
        html`<we-meeting autojoin no-video no-audio meeting="123456789" token="token"></we-meeting>`,
      );
      await waitUntil(() => element.client !== undefined);
      const client = element.client!;
      expect(client.closed).to.equal(false);
      element.remove();
      expect(client.closed).to.equal(true);
      expect(element.client).to.equal(undefined);
    } finally {
      MeetingClient.prototype.join = original;
    }
  });

  it('unsubscribes from, but does not close, a client it was given', async () => {
    const { element, client } = await joinedMeeting({ participants: [{ displayName: 'Bob' }] });
    expect(client.listenerCount()).to.be.greaterThan(0);
    element.remove();
    expect(client.listenerCount()).to.equal(0);
    expect(client.closed).to.equal(false);
    expect(element.client).to.equal(client);
  });

  it('stops listening for devicechange when removed with the device settings open', async () => {
    let listed = 0;
    navigator.mediaDevices.enumerateDevices = async () => {
      listed++;
      return [];
    };
    try {
      const { element } = await joinedMeeting();
      button(element, 'Device settings')!.click();
      await waitUntil(() => listed > 0, 'devices not listed');
      element.remove();
      listed = 0;
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(listed).to.equal(0);
    } finally {
      delete (navigator.mediaDevices as { enumerateDevices?: unknown }).enumerateDevices;
    }
  });

  it('follows a given client again when put back on the page', async () => {
    const { element, client } = await joinedMeeting();
    const parent = element.parentElement!;
    element.remove();
    client.addParticipant({ id: 'late', displayName: 'Late', camera: false });
    parent.append(element);
    await element.updateComplete;
    expect(query(element, '[data-participant-id="late"]')).to.exist;
    expect(client.listenerCount()).to.be.greaterThan(0);
  });

  it('closes a client it created after it failed to join', async () => {
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin no-video no-audio server="ftp://nowhere.invalid" meeting="123456789" token="t"></we-meeting>`,
    );
    await waitUntil(() => element.state === 'failed');
    expect(element.client!.closed).to.equal(true);
  });

  it('stops the handed-over preview tracks when joining fails', async () => {
    const client = new FakeMeetingClient({ joinError: new Error('refused') });
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting meeting="123456789" token="t" .client=${client}></we-meeting>`,
    );
    await waitUntil(() => query<HTMLVideoElement>(element, 'video[part="preview"]')?.srcObject, 'no preview');
    const camera = (query<HTMLVideoElement>(element, 'video[part="preview"]')!.srcObject as MediaStream).getVideoTracks()[0]!;
    element.shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => element.state === 'failed');
    expect(camera.readyState).to.equal('ended');
  });
});
