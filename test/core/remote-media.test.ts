import { expect } from '@open-wc/testing';
import { RemoteMedia } from '../../src/core/media/remote-media.js';
import { FakeLink, FakeMediaTransport, flush, offer } from './fakes.js';

/** Remote media attached to a join, recording its events; `present` is who is in the meeting. */
function attached(present = new Set(['bob', 'cat'])) {
  const media = new RemoteMedia({ isPresent: (id) => present.has(id) });
  const link = new FakeLink();
  const transport = new FakeMediaTransport(link);
  const events: string[] = [];
  media.on('trackpublished', (id, source, paused) => events.push(`published:${id}:${source}:${paused}`));
  media.on('trackadded', (id, source, _track, paused) => events.push(`added:${id}:${source}:${paused}`));
  media.on('trackended', (id, source) => events.push(`ended:${id}:${source}`));
  media.on('trackpaused', (id, source, paused) => events.push(`paused:${id}:${source}:${paused}`));
  media.on('activespeaker', (id) => events.push(`speaker:${id}`));
  media.attach(link, transport);
  return { media, link, transport, events, present };
}

describe('RemoteMedia', () => {
  it('handleNewConsumer() records the published track, receives it and resumes it on the server', async () => {
    const { media, link, events } = attached();
    media.handleNewConsumer(offer('c1', 'bob', 'camera', true));
    await flush();
    expect(events).to.deep.equal(['published:bob:camera:true', 'added:bob:camera:true']);
    expect(link.sentOf('resumeConsumer')).to.deep.equal([{ consumerId: 'c1' }]);
  });

  it('drops a track whose consume finished after its sender left (the newConsumer race)', async () => {
    const { media, transport, events, present } = attached();
    transport.holdConsumes = true;
    media.handleNewConsumer(offer('c1', 'bob'));
    media.handleParticipantLeft('bob');
    present.delete('bob');
    transport.releaseConsumes();
    await flush();
    expect(events).to.deep.equal(['published:bob:camera:false']);
    expect(transport.consumers.map((consumer) => consumer.closed)).to.deep.equal([true]);
    expect(await media.getInboundStats()).to.deep.equal([]);
  });

  it('drops a track whose consume finished after the join ended', async () => {
    const { media, transport, events } = attached();
    transport.holdConsumes = true;
    media.handleNewConsumer(offer('c1', 'bob'));
    media.detach();
    media.attach(new FakeLink(), new FakeMediaTransport(new FakeLink()));
    transport.releaseConsumes();
    await flush();
    expect(events).to.deep.equal(['published:bob:camera:false']);
    expect(transport.consumers[0]!.closed).to.equal(true);
  });

  it('handleConsumerClosed() closes the consumer and reports the track ended', async () => {
    const { media, transport, events } = attached();
    media.handleNewConsumer(offer('c1', 'bob'));
    await flush();
    media.handleConsumerClosed('c1');
    expect(events.at(-1)).to.equal('ended:bob:camera');
    expect(transport.consumers[0]!.closed).to.equal(true);
    media.handleConsumerClosed('c1');
    expect(events.filter((event) => event.startsWith('ended'))).to.have.length(1);
  });

  it('handleConsumerPaused() reports the sender\'s mute of a received track; unknown consumers change nothing', async () => {
    const { media, events } = attached();
    media.handleNewConsumer(offer('c1', 'bob', 'mic'));
    await flush();
    media.handleConsumerPaused('c1', true);
    media.handleConsumerPaused('c2', true);
    expect(events.at(-1)).to.equal('paused:bob:mic:true');
  });

  it('handleParticipantLeft() closes their consumers and clears them as active speaker', async () => {
    const { media, transport, events } = attached();
    media.handleNewConsumer(offer('c1', 'bob'));
    media.handleNewConsumer(offer('c2', 'cat'));
    await flush();
    media.handleActiveSpeaker('bob');
    media.handleParticipantLeft('bob');
    expect(transport.consumers.map((consumer) => [consumer.id, consumer.closed])).to.deep.equal([
      ['c1', true],
      ['c2', false],
    ]);
    expect(media.activeSpeakerId).to.equal(undefined);
    expect(events.slice(-2)).to.deep.equal(['speaker:bob', 'speaker:undefined']);
  });

  it('setVideoVisibility() pauses a hidden video, resumes it and picks the layer for its height', async () => {
    const { media, link } = attached();
    media.handleNewConsumer(offer('c1', 'bob', 'camera'));
    await flush();
    media.setVideoVisibility('bob', 'camera', false);
    media.setVideoVisibility('bob', 'camera', true, 120);
    await flush();
    expect(link.sentOf('pauseConsumer')).to.deep.equal([{ consumerId: 'c1' }]);
    expect(link.sentOf('resumeConsumer')).to.deep.equal([{ consumerId: 'c1' }, { consumerId: 'c1' }]);
    expect(link.sentOf('setConsumerPreferredLayers')).to.deep.equal([{ consumerId: 'c1', spatialLayer: 0 }]);
  });

  it('getInboundStats() reports each received track', async () => {
    const { media } = attached();
    media.handleNewConsumer(offer('c1', 'bob', 'camera'));
    media.handleNewConsumer(offer('c2', 'bob', 'mic'));
    await flush();
    const stats = await media.getInboundStats();
    expect(stats.map((stat) => [stat.source, stat.kind, stat.framesDecoded])).to.deep.equal([
      ['camera', 'video', 5],
      ['mic', 'audio', undefined],
    ]);
  });

  it('detach() closes every consumer and forgets who speaks', async () => {
    const { media, transport } = attached();
    media.handleNewConsumer(offer('c1', 'bob'));
    await flush();
    media.handleActiveSpeaker('bob');
    media.detach();
    expect(transport.consumers[0]!.closed).to.equal(true);
    expect(media.activeSpeakerId).to.equal(undefined);
  });
});
