import { expect } from '@open-wc/testing';
import { InvalidStateError } from '../../src/core/errors.js';
import { LocalMedia } from '../../src/core/media/local-media.js';
import { MediaAccessError } from '../../src/core/media/media-errors.js';
import type { TrackSource } from '../../src/core/meeting-types.js';
import type { LocalTrackState } from '../../src/core/roster.js';
import { FakeDevices, FakeLink, FakeMediaTransport, FakeTrack, rejection, track } from './fakes.js';

/** Local media attached to a join, recording what it reports. */
function attached() {
  const devices = new FakeDevices();
  const media = new LocalMedia({ devices });
  const link = new FakeLink();
  const transport = new FakeMediaTransport(link);
  const changes: [TrackSource, LocalTrackState | undefined][] = [];
  const issues: MediaAccessError[] = [];
  const errors: Error[] = [];
  media.on('trackchange', (source, state) => changes.push([source, state]));
  media.on('mediaissue', (issue) => issues.push(issue));
  media.on('error', (error) => errors.push(error));
  media.attach(link, transport);
  return { media, devices, link, transport, changes, issues, errors };
}

describe('LocalMedia', () => {
  it('publishInitial() opens the microphone and camera and publishes both', async () => {
    const { media, devices, link, changes } = attached();
    await media.publishInitial(true, true);
    expect(devices.opened.map((opened) => opened.kind).sort()).to.deep.equal(['audio', 'video']);
    expect((link.sentOf('produce') as { source: string }[]).map((data) => data.source).sort()).to.deep.equal(['camera', 'mic']);
    expect(changes.map(([source, state]) => [source, state?.paused])).to.have.deep.members([
      ['mic', false],
      ['camera', false],
    ]);
  });

  it('publishInitial() uses a track it is given instead of opening a device', async () => {
    const { media, devices, transport } = attached();
    const given = track('video', 'preview');
    await media.publishInitial(false, given);
    expect(devices.opened).to.deep.equal([]);
    expect(transport.produced.map((producer) => producer.track)).to.deep.equal([given]);
  });

  it('publishInitial() reports a device that cannot be opened as a media issue and goes on', async () => {
    const { media, devices, transport, issues, errors } = attached();
    devices.failures.camera = 'NotAllowedError';
    await media.publishInitial(true, true);
    expect(issues.map((issue) => [issue.kind, issue.reason])).to.deep.equal([['video', 'denied']]);
    expect(media.mediaIssues).to.deep.equal(issues);
    expect(transport.produced.map((producer) => producer.track?.kind)).to.deep.equal(['audio']);
    expect(errors).to.deep.equal([]);
  });

  it('a browser that cannot send video gets an unsupported issue and the camera stops', async () => {
    const { media, devices, transport, issues } = attached();
    transport.canSendKinds.delete('video');
    await media.publishInitial(false, true);
    expect(issues.map((issue) => [issue.kind, issue.reason])).to.deep.equal([['video', 'unsupported']]);
    expect(devices.opened[0]!.readyState).to.equal('ended');
  });

  it('setMicMuted() pauses the producer, tells the server and reports the muted track', async () => {
    const { media, link, transport, changes } = attached();
    await media.publishInitial(true, false);
    const mic = transport.produced[0]!;
    await media.setMicMuted(true);
    expect(mic.paused).to.equal(true);
    expect(link.sentOf('pauseProducer')).to.deep.equal([{ producerId: mic.id }]);
    expect(changes.at(-1)).to.deep.equal(['mic', { paused: true, track: mic.track }]);
    await media.setMicMuted(false);
    expect(link.sentOf('resumeProducer')).to.deep.equal([{ producerId: mic.id }]);
  });

  it('setMicMuted(false) without a microphone opens and publishes one', async () => {
    const { media, transport } = attached();
    await media.setMicMuted(false);
    expect(transport.produced.map((producer) => producer.track?.kind)).to.deep.equal(['audio']);
  });

  it('setCameraOff(true) closes the producer, stops the camera and tells the server', async () => {
    const { media, link, transport, changes } = attached();
    await media.publishInitial(false, true);
    const camera = transport.produced[0]!;
    await media.setCameraOff(true);
    expect(camera.closed).to.equal(true);
    expect(camera.track!.readyState).to.equal('ended');
    expect(link.sentOf('closeProducer')).to.deep.equal([{ producerId: camera.id }]);
    expect(changes.at(-1)).to.deep.equal(['camera', undefined]);
  });

  it('handleMutedByHost() pauses a live microphone without asking the server (it paused it already)', async () => {
    const { media, link, transport, changes } = attached();
    await media.publishInitial(true, false);
    media.handleMutedByHost();
    expect(transport.produced[0]!.paused).to.equal(true);
    expect(changes.at(-1)?.[1]?.paused).to.equal(true);
    expect(link.sentOf('pauseProducer')).to.deep.equal([]);
    const count = changes.length;
    media.handleMutedByHost();
    expect(changes).to.have.length(count);
  });

  it('switchDevice() replaces the track and stops the old one', async () => {
    const { media, transport } = attached();
    await media.publishInitial(true, false);
    const old = transport.produced[0]!.track!;
    await media.switchDevice('audioinput', 'usb-mic');
    expect((transport.produced[0]!.track as unknown as FakeTrack).label).to.equal('usb-mic');
    expect(old.readyState).to.equal('ended');
  });

  it('startScreenShare() publishes the screen and its audio; the browser ending it stops sharing', async () => {
    const { media, devices, link } = attached();
    devices.screenAudio = true;
    await media.startScreenShare();
    expect((link.sentOf('produce') as { source: string }[]).map((data) => data.source)).to.deep.equal(['screen', 'screen-audio']);
    const screen = devices.opened.find((opened) => opened.kind === 'video') as unknown as FakeTrack;
    screen.end();
    await new Promise((resolve) => setTimeout(resolve));
    expect(link.sentOf('closeProducer')).to.have.length(2);
  });

  it('startScreenShare() rejects when the user declines, and records the issue', async () => {
    const { media, devices, issues } = attached();
    devices.failures.screen = 'NotAllowedError';
    const error = await rejection(media.startScreenShare());
    expect((error as DOMException).name).to.equal('NotAllowedError');
    expect(issues.map((issue) => [issue.kind, issue.reason])).to.deep.equal([['screen', 'denied']]);
  });

  it('detach(true) keeps the live tracks; republish() publishes them again, muted as they were', async () => {
    const { media, link, transport } = attached();
    await media.publishInitial(true, true);
    await media.setMicMuted(true);
    const tracks = transport.produced.map((producer) => producer.track);
    media.detach(true);
    expect(tracks.every((kept) => kept!.readyState === 'live')).to.equal(true);
    const rejoined = new FakeMediaTransport(link);
    media.attach(link, rejoined);
    await media.republish();
    expect(rejoined.produced.map((producer) => [producer.track, producer.paused])).to.have.deep.members([
      [tracks[0], tracks[0]!.kind === 'audio'],
      [tracks[1], tracks[1]!.kind === 'audio'],
    ]);
  });

  it('detach(false) stops every track, the kept ones included', async () => {
    const { media, transport } = attached();
    await media.publishInitial(true, true);
    const tracks = transport.produced.map((producer) => producer.track!);
    media.detach(true);
    media.detach(false);
    expect(tracks.map((stopped) => stopped.readyState)).to.deep.equal(['ended', 'ended']);
  });

  it('calls reject with InvalidStateError when not attached to a join', async () => {
    const media = new LocalMedia({ devices: new FakeDevices() });
    expect(await rejection(media.setCameraOff(false))).to.be.instanceOf(InvalidStateError);
    expect(await rejection(media.startScreenShare())).to.be.instanceOf(InvalidStateError);
    expect(await rejection(media.switchDevice('audioinput', 'x'))).to.be.instanceOf(InvalidStateError);
  });
});
