import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { WorkerPool } from '../../src/server/media/worker-pool.js';

let pool: WorkerPool;
before(async () => {
  pool = await WorkerPool.create({ workers: 2, listenIp: '127.0.0.1', basePort: 0, logger: pino({ level: 'silent' }) });
});
after(() => pool.close());

test('WorkerPool.create() starts one live worker per requested core', () => {
  assert.equal(pool.workerCount, 2);
});

test('routerFor() creates one router per meeting and reuses it', async () => {
  const a = await pool.routerFor('111111111');
  const again = await pool.routerFor('111111111');
  const b = await pool.routerFor('222222222');
  assert.equal(a, again);
  assert.notEqual(a, b);
  assert.equal(pool.routerCount, 2);
  assert.ok(a.rtpCapabilities.codecs?.some((codec) => codec.mimeType === 'video/VP8'));
});

test('createWebRtcTransport() offers ICE candidates on 127.0.0.1 through the WebRtcServer', async () => {
  const transport = await pool.createWebRtcTransport('111111111');
  assert.ok(transport.iceCandidates.length >= 2);
  for (const candidate of transport.iceCandidates) assert.equal(candidate.address, '127.0.0.1');
  assert.ok(transport.iceCandidates.some((candidate) => candidate.protocol === 'udp'));
  assert.ok(transport.dtlsParameters.fingerprints.length > 0);
  transport.close();
});

test('closeRouter() closes the router and its transports', async () => {
  const router = await pool.routerFor('333333333');
  const transport = await pool.createWebRtcTransport('333333333');
  await pool.closeRouter('333333333');
  assert.equal(router.closed, true);
  assert.equal(transport.closed, true);
});

test('close() is idempotent and routerFor() then rejects', async () => {
  const spare = await WorkerPool.create({ workers: 1, listenIp: '127.0.0.1', basePort: 0, logger: pino({ level: 'silent' }) });
  spare.close();
  spare.close();
  assert.equal(spare.workerCount, 0);
  await assert.rejects(spare.routerFor('123456789'), { name: 'MediaUnavailableError' });
});
