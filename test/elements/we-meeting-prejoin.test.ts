import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { RequestError, type WeMeetingElement } from '../../src/index.js';
import { supportsSpeakerSelection } from '../../src/core/media/devices.js';
import type { JoinOptions } from '../../src/core/meeting-types.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, field, query, type, nextEvent } from './helpers.js';

async function previewing(element: WeMeetingElement): Promise<void> {
  await waitUntil(() => (query<HTMLVideoElement>(element, 'video[part="preview"]')?.srcObject ?? null) !== null, 'no preview');
  await waitUntil(() => field(element, 'Camera')?.querySelector('option[selected]'), 'no camera list');
}

/** Makes getUserMedia refuse like a user who denied the permission; returns the undo. */
function denyUserMedia(): () => void {
  const devices = navigator.mediaDevices;
  devices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  return () => delete (devices as { getUserMedia?: unknown }).getUserMedia;
}

/** Records the kinds of the tracks getUserMedia has handed out; returns them and the undo. */
function watchUserMedia(): { kinds: Set<string>; restore: () => void } {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  const kinds = new Set<string>();
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    for (const track of stream.getTracks()) kinds.add(track.kind);
    return stream;
  };
  return { kinds, restore: () => delete (devices as { getUserMedia?: unknown }).getUserMedia };
}

describe('<we-meeting> pre-join', () => {
  it('renders the name, meeting id, preview, meter, device pickers and Join', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting display-name="Alice"></we-meeting>`);
    await previewing(element);
    expect(field<HTMLInputElement>(element, 'Your name')!.value).to.equal('Alice');
    expect(field(element, 'Meeting ID')).to.exist;
    const video = query<HTMLVideoElement>(element, 'video[part="preview"]')!;
    expect(video.muted).to.equal(true);
    expect(video.hasAttribute('playsinline')).to.equal(true);
    await waitUntil(() => query(element, '[role="meter"]'), 'no meter');
    const meter = query(element, '[role="meter"]')!;
    expect(meter.getAttribute('aria-label')).to.equal('Microphone level');
    const level = Number(meter.getAttribute('aria-valuenow'));
    expect(level).to.be.within(0, 100);
    expect(field(element, 'Camera')).to.exist;
    expect(field(element, 'Microphone')).to.exist;
    expect(field(element, 'Speaker') !== undefined).to.equal(supportsSpeakerSelection());
    expect(button(element, 'Join')).to.exist;
  });

  it('is accessible while previewing', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting display-name="Alice"></we-meeting>`);
    await previewing(element);
    await expect(element).to.be.accessible();
  });

  it('does not ask for the meeting id when meeting is set', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting meeting="123456789" no-video no-audio></we-meeting>`);
    expect(field(element, 'Meeting ID')).to.equal(undefined);
    expect(query(element, 'h2')!.textContent).to.contain('Join meeting 123 456 789');
  });

  it('opens neither camera nor microphone with no-video and no-audio', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    await element.updateComplete;
    expect(query(element, 'video')).to.equal(null);
    expect(query(element, '[role="meter"]')).to.equal(null);
    expect(field(element, 'Camera')).to.equal(undefined);
    expect(field(element, 'Microphone')).to.equal(undefined);
  });

  it('joins with the token from tokenProvider and hands over the previewed tracks', async () => {
    const client = new FakeMeetingClient({ self: { displayName: 'Alice', camera: false } });
    const asked: [string, string][] = [];
    const tokenProvider = async (name: string, meeting: string) => {
      asked.push([name, meeting]);
      return 'dev-token';
    };
    const opened = watchUserMedia();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting server="https://meet.example" .client=${client} .tokenProvider=${tokenProvider}></we-meeting>`,
    );
    await previewing(element);
    // Both preview tracks are open before Join, so it must hand them over rather than open new ones.
    await waitUntil(() => opened.kinds.has('audio') && opened.kinds.has('video'), 'preview tracks not opened');
    opened.restore();
    await waitUntil(() => query(element, '[role="meter"]'));
    type(field<HTMLInputElement>(element, 'Your name')!, 'Alice');
    type(field<HTMLInputElement>(element, 'Meeting ID')!, '123 456 789');
    await element.updateComplete;
    const joined = nextEvent(element, 'we-join');
    button(element, 'Join')!.click();
    const event = await joined;
    expect(event.meeting).to.equal('123456789');
    expect(asked).to.deep.equal([['Alice', '123456789']]);
    const [options] = client.callsOf('join')[0] as [JoinOptions];
    expect(options.server).to.equal('https://meet.example');
    expect(options.meeting).to.equal('123456789');
    expect(options.token).to.equal('dev-token');
    expect(options.video).to.be.instanceOf(MediaStreamTrack);
    expect(options.audio).to.be.instanceOf(MediaStreamTrack);
    expect((options.video as MediaStreamTrack).readyState).to.equal('live');
    await element.updateComplete;
    expect(element.state).to.equal('joined');
    expect(query(element, '[role="toolbar"]')).to.exist;
  });

  it('uses the token attribute before tokenProvider and the page origin as server', async () => {
    const client = new FakeMeetingClient();
    let asked = false;
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting
        meeting="123456789"
        token="given"
        no-video
        no-audio
        .client=${client}
        .tokenProvider=${async () => {
          asked = true;
          return 'other';
        }}
      ></we-meeting>`,
    );
    button(element, 'Join')!.click();
    await waitUntil(() => element.state === 'joined');
    const [options] = client.callsOf('join')[0] as [JoinOptions];
    expect(asked).to.equal(false);
    expect(options).to.deep.equal({
      server: location.origin,
      meeting: '123456789',
      token: 'given',
      audio: false,
      video: false,
    });
  });

  it('shows why the camera and microphone cannot be used and still joins without them', async () => {
    const restore = denyUserMedia();
    try {
      const client = new FakeMeetingClient();
      const element = await fixture<WeMeetingElement>(
        html`<we-meeting meeting="123456789" token="t" .client=${client}></we-meeting>`,
      );
      await waitUntil(() => query(element, '[part="notice"]')?.textContent?.includes('camera'), 'no notice');
      const notice = query(element, '[part="notice"]')!.textContent!;
      expect(notice).to.contain('permission to use the camera was denied');
      expect(notice).to.contain('permission to use the microphone was denied');
      await expect(element).to.be.accessible();
      button(element, 'Join')!.click();
      await waitUntil(() => element.state === 'joined');
      const [options] = client.callsOf('join')[0] as [JoinOptions];
      expect(options.video).to.equal(true);
      expect(options.audio).to.equal(true);
    } finally {
      restore();
    }
  });

  it('returns to the pre-join screen with the error after a failed join, and can retry', async () => {
    const refusal = new RequestError('hello', 'token_invalid', 'the token is not valid');
    const failing = new FakeMeetingClient({ joinError: refusal });
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting meeting="123456789" token="bad" no-video no-audio .client=${failing}></we-meeting>`,
    );
    const errored = nextEvent(element, 'we-error');
    button(element, 'Join')!.click();
    await errored;
    await waitUntil(() => query(element, 'form'), 'not back on the pre-join screen');
    expect(element.getAttribute('state')).to.equal('failed');
    const alerts = element.shadowRoot!.querySelectorAll('[role="alert"]');
    expect(alerts.length).to.equal(1);
    expect(alerts[0]!.textContent).to.contain('token_invalid');
    expect(button(element, 'Join')).to.exist;

    const working = new FakeMeetingClient();
    element.client = working;
    element.token = 'good';
    await element.updateComplete;
    button(element, 'Join')!.click();
    await waitUntil(() => element.state === 'joined');
    expect(working.callsOf('join')).to.have.length(1);
    expect(query(element, '[role="alert"]')).to.equal(null);
  });

  it('reports a missing token and tokenProvider instead of joining', async () => {
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting meeting="123456789" display-name="Alice" no-video no-audio .client=${client}></we-meeting>`,
    );
    const errored = nextEvent(element, 'we-error');
    button(element, 'Join')!.click();
    await errored;
    await element.updateComplete;
    expect(client.callsOf('join')).to.have.length(0);
    expect(query(element, '[role="alert"]')!.textContent).to.contain('tokenProvider');
  });

  it('autojoin skips the pre-join screen', async () => {
    const client = new FakeMeetingClient({ holdJoin: true });
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin meeting="123456789" token="t" .client=${client}></we-meeting>`,
    );
    expect(query(element, 'form')).to.equal(null);
    await waitUntil(() => element.state === 'connecting', 'not connecting');
    expect(query(element, '[role="status"]')!.textContent).to.contain('Connecting');
    const [options] = client.callsOf('join')[0] as [JoinOptions];
    expect(options.audio).to.equal(true);
    expect(options.video).to.equal(true);
    client.resolveJoin();
    await waitUntil(() => element.state === 'joined');
    await element.updateComplete;
    expect(query(element, '[part="tile"]')).to.exist;
  });

  it('autojoin waits for a meeting and a token', async () => {
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin no-video no-audio .client=${client}></we-meeting>`,
    );
    expect(client.callsOf('join')).to.have.length(0);
    element.meeting = '123456789';
    await element.updateComplete;
    expect(client.callsOf('join')).to.have.length(0);
    element.tokenProvider = async () => 'dev';
    await waitUntil(() => element.state === 'joined');
    expect((client.callsOf('join')[0]![0] as JoinOptions).token).to.equal('dev');
  });

  it('shows a failed automatic join with a way to try again', async () => {
    const client = new FakeMeetingClient({ joinError: new RequestError('hello', 'token_expired', 'the token has expired') });
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin meeting="123456789" token="t" no-video no-audio .client=${client}></we-meeting>`,
    );
    await waitUntil(() => element.state === 'failed');
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('the token has expired');
    expect(button(element, 'Try again')).to.exist;
    await expect(element).to.be.accessible();
  });
});

describe('<we-meeting> speaker choice', () => {
  it('routes remote audio to the speaker chosen before joining', async () => {
    const calls: [HTMLMediaElement, string][] = [];
    const original = HTMLMediaElement.prototype.setSinkId;
    HTMLMediaElement.prototype.setSinkId = function (this: HTMLMediaElement, sinkId: string) {
      calls.push([this, sinkId]);
      return Promise.resolve();
    };
    try {
      const client = new FakeMeetingClient({ participants: [{ id: 'dan', displayName: 'Dan', mic: true, camera: false }] });
      const element = await fixture<WeMeetingElement>(
        html`<we-meeting meeting="123456789" token="t" no-video no-audio .client=${client}></we-meeting>`,
      );
      const speaker = field<HTMLSelectElement>(element, 'Speaker')!;
      speaker.append(new Option('Headphones', 'headphones-1'));
      speaker.value = 'headphones-1';
      speaker.dispatchEvent(new Event('change'));
      button(element, 'Join')!.click();
      await waitUntil(() => query(element, 'audio'), 'no audio element');
      expect(calls.map(([audio, sinkId]) => [audio.dataset['participantId'], sinkId])).to.deep.equal([['dan', 'headphones-1']]);
    } finally {
      HTMLMediaElement.prototype.setSinkId = original;
    }
  });
});
