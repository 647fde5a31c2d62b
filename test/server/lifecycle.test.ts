import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { RawSocket, TEST_SECRET, startTestServer, type TestServer } from './test-server.js';

async function hello(server: TestServer, meeting: string, name: string, role: 'host' | 'participant') {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const token = await server.token({ meeting, name, userId: name.toLowerCase(), role });
  return { socket, answer: await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token }) };
}

async function leave(socket: RawSocket): Promise<void> {
  socket.close();
  await socket.closed;
}

const code = (answer: Record<string, unknown>) => (answer.error as { code?: string } | undefined)?.code;

test('a meeting ends after its last participant leaves and the grace period passes; a host reopens it', async () => {
  const server = await startTestServer({ WE_END_GRACE_SECONDS: '1' });
  try {
    const host = await hello(server, '700000001', 'Hana', 'host');
    const guest = await hello(server, '700000001', 'Gus', 'participant');
    await leave(host.socket);
    await leave(guest.socket);
    // Back within the grace period: the meeting goes on.
    const back = await hello(server, '700000001', 'Gus', 'participant');
    assert.equal(back.answer.ok, true);
    await leave(back.socket);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const record = await server.store.getMeeting('700000001');
    assert.ok(record?.endedAt != null, 'the meeting was ended');
    assert.ok(record.participations.every((p) => p.leftAt !== null));
    const late = await hello(server, '700000001', 'Gus', 'participant');
    assert.equal(code(late.answer), 'meeting_ended');
    const reopen = await hello(server, '700000001', 'Hana', 'host');
    assert.equal(reopen.answer.ok, true);
    assert.equal((await server.store.getMeeting('700000001'))?.endedAt, null);
    await leave(reopen.socket);
  } finally {
    await server.stop();
  }
});

test('an ended meeting stays ended for participants after a server restart', async () => {
  const first = await startTestServer();
  const dataDir = first.config.dataDir;
  const host = await hello(first, '700000002', 'Hana', 'host');
  assert.equal((await host.socket.request('endMeeting')).ok, true);
  await host.socket.closed;
  await first.close();
  const second = await startTestServer({ WE_DATA_DIR: dataDir });
  try {
    const guest = await hello(second, '700000002', 'Gus', 'participant');
    assert.equal(code(guest.answer), 'meeting_ended');
  } finally {
    await second.stop();
    await first.stop();
  }
});

test('a host token names the meeting topic: later joiners get it and the records keep it; a participant cannot set it', async () => {
  const server = await startTestServer();
  try {
    const socket = new RawSocket(server.wsUrl);
    await socket.opened();
    const hostToken = await (await import('../../src/server/auth/dev-tokens.js')).mintToken(
      TEST_SECRET,
      { userId: 'hana', name: 'Hana', meeting: '700000003', role: 'host', topic: 'Weekly sync' },
    );
    const first = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: '700000003', token: hostToken });
    assert.equal((first.data as { topic: string | null }).topic, 'Weekly sync');
    const guestSocket = new RawSocket(server.wsUrl);
    await guestSocket.opened();
    const guestToken = await (await import('../../src/server/auth/dev-tokens.js')).mintToken(
      TEST_SECRET,
      { userId: 'gus', name: 'Gus', meeting: '700000003', role: 'participant', topic: 'Hijacked' },
    );
    const second = await guestSocket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: '700000003', token: guestToken });
    assert.equal((second.data as { topic: string | null }).topic, 'Weekly sync');
    assert.equal((await server.store.getMeeting('700000003'))?.topic, 'Weekly sync');
    socket.close();
    guestSocket.close();
  } finally {
    await server.stop();
  }
});
