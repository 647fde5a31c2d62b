import { expect } from '@open-wc/testing';
import { MeetingClient } from '../../src/core/meeting-client.js';
import type { ReconnectPolicy } from '../../src/core/connection/reconnect-policy.js';
import { FakeClock, FakeDevices, FakeMediaTransport, FakeServer, MEETING, entry, flush, offer, until } from './fakes.js';

/**
 * A MeetingClient on fakes for every dependency: the server (protocol-checked), the media
 * transport, the devices and the clock. What these tests pin is how the managers work
 * together behind the facade.
 */
async function joined(setup: (server: FakeServer) => void = () => undefined) {
  const server = new FakeServer();
  setup(server);
  const devices = new FakeDevices();
  const clock = new FakeClock();
  const transports: FakeMediaTransport[] = [];
  const reconnect: ReconnectPolicy = { delay: (attempt) => (attempt <= 3 ? 100 : undefined) };
  const client = new MeetingClient({
    signaling: { WebSocket: server.WebSocket as never, timeoutMs: 60_000 },
    media: async (link) => {
      const transport = new FakeMediaTransport(link);
      transports.push(transport);
      return transport;
    },
    devices,
    clock,
    reconnect,
    keepalive: false,
  });
  const events: string[] = [];
  client.on('participantjoined', (view) => events.push(`joined:${view.id}`));
  client.on('participantleft', (view) => events.push(`left:${view.id}`));
  client.on('trackadded', (view, source) => events.push(`trackadded:${view.id}:${source}`));
  client.on('trackremoved', (view, source) => events.push(`trackremoved:${view.id}:${source}`));
  client.on('statechange', (state) => events.push(`state:${state}`));
  await client.join({ server: 'ws://fake/ws', meeting: MEETING, token: 'token', audio: true, video: true });
  return { client, server, devices, clock, transports, events };
}

describe('MeetingClient over its managers', () => {
  it('join() opens the media transport, publishes microphone and camera, and self shows them', async () => {
    const { client, server, transports } = await joined();
    expect(client.state).to.equal('joined');
    expect(transports).to.have.length(1);
    expect(transports[0]!.receiving).to.equal(true);
    expect(server.requests('produce').map((request) => (request.data as { source: string }).source).sort()).to.deep.equal(['camera', 'mic']);
    expect(client.self?.audioMuted).to.equal(false);
    expect(client.self?.videoOff).to.equal(false);
    client.close();
  });

  it('mutedByHost mutes the local microphone; self shows it muted', async () => {
    const { client, server } = await joined();
    const updates: boolean[] = [];
    client.on('participantupdated', (view) => view.isSelf && updates.push(view.audioMuted));
    server.last.notify('mutedByHost', {});
    await until(() => client.self?.audioMuted === true, 'muted');
    expect(updates).to.deep.equal([true]);
    client.close();
  });

  it('a track received for someone present reaches the roster: trackadded with their view', async () => {
    const { client, server, events } = await joined((server) => (server.participants = [entry('bob', 'Bob')]));
    server.last.notify('newConsumer', offer('c1', 'bob', 'camera'));
    await until(() => client.participants.find((view) => view.id === 'bob')?.tracks.camera !== undefined, 'camera arrived');
    expect(events).to.include('trackadded:bob:camera');
    client.close();
  });

  it('a track whose sender left while it was being received is dropped (the newConsumer race)', async () => {
    const { client, server, transports, events } = await joined((server) => (server.participants = [entry('bob', 'Bob')]));
    transports[0]!.holdConsumes = true;
    server.last.notify('newConsumer', offer('c1', 'bob', 'camera'));
    server.last.notify('participantLeft', { participantId: 'bob' });
    await until(() => events.includes('left:bob'), 'bob left');
    transports[0]!.releaseConsumes();
    await flush();
    expect(events.filter((event) => event.startsWith('trackadded'))).to.deep.equal([]);
    expect(transports[0]!.consumers.map((consumer) => consumer.closed)).to.deep.equal([true]);
    expect(client.participants.map((view) => view.id)).to.not.include('bob');
    client.close();
  });

  it('participantLeft ends their tracks, then they leave', async () => {
    const { client, server, events } = await joined((server) => (server.participants = [entry('bob', 'Bob')]));
    server.last.notify('newConsumer', offer('c1', 'bob', 'camera'));
    await until(() => events.includes('trackadded:bob:camera'));
    server.last.notify('participantLeft', { participantId: 'bob' });
    await until(() => events.includes('left:bob'));
    expect(events.slice(-2)).to.deep.equal(['trackremoved:bob:camera', 'left:bob']);
    client.close();
  });

  it('a lost connection: the others leave, the client rejoins, they come back and the local tracks are published again', async () => {
    const { client, server, clock, transports, devices, events } = await joined((server) => (server.participants = [entry('bob', 'Bob')]));
    server.last.close(1006);
    await until(() => client.state === 'reconnecting', 'reconnecting');
    expect(transports[0]!.closed).to.equal(true);
    expect(devices.opened.every((opened) => opened.readyState === 'live')).to.equal(true);
    await clock.advance(100);
    await until(() => client.state === 'joined' && transports[1]?.produced.length === 2, 'rejoined and republished');
    expect(transports[1]!.produced.map((producer) => producer.track)).to.have.members(devices.opened);
    expect(events.slice(events.indexOf('state:reconnecting') - 1)).to.deep.equal(['left:bob', 'state:reconnecting', 'state:joined', 'joined:bob']);
    client.close();
  });

  it('close() stops the local tracks and closes the media transport; state left', async () => {
    const { client, transports, devices } = await joined();
    client.close();
    expect(client.state).to.equal('left');
    expect(transports[0]!.closed).to.equal(true);
    expect(devices.opened.map((opened) => opened.readyState)).to.deep.equal(['ended', 'ended']);
  });

  it('a host locking the meeting and reactions reach the client\'s events', async () => {
    const { client, server } = await joined();
    const seen: unknown[] = [];
    client.on('lockchange', (locked) => seen.push(locked));
    client.on('reaction', (id, reaction) => seen.push([id, reaction]));
    server.last.notify('meetingLocked', { locked: true });
    server.last.notify('reaction', { participantId: 'bob', reaction: '👏' });
    await until(() => seen.length === 2);
    expect(client.locked).to.equal(true);
    expect(seen).to.deep.equal([true, ['bob', '👏']]);
    client.close();
  });
});
