// Proves the SRTP layer of the mediasoup worker built by
// scripts/mediasoup-worker/build.sh (libsrtp 3 API shimmed over Debian's
// libsrtp2): for every crypto suite mediasoup supports, RTP goes
//   dgram socket -> plain PlainTransport (router A) -> consumer
//   -> SRTP PlainTransport (A) ==SRTP over UDP==> SRTP PlainTransport (router B)
//   -> producer -> consumer -> plain PlainTransport (B) -> dgram socket
// and must arrive with payloads intact; with a mismatched key nothing arrives.
// Nothing here is specific to the shim: any mediasoup worker must pass.
//
// Run: node --import tsx --test test/server/mediasoup-srtp.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as mediasoup from 'mediasoup';

type SrtpCryptoSuite = mediasoup.types.SrtpCryptoSuite;

const SUITES: SrtpCryptoSuite[] = [
  'AEAD_AES_256_GCM',
  'AEAD_AES_128_GCM',
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
];
const LOCALHOST = '127.0.0.1';
const PACKETS = 40;
const SSRC = 0x1234_5678;
const PAYLOAD_TYPE = 100;
const MEDIA_CODECS: mediasoup.types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: PAYLOAD_TYPE },
];

let worker: mediasoup.types.Worker;

before(async () => {
  worker = await mediasoup.createWorker({ logLevel: 'error' });
});

after(() => {
  worker?.close();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function bindUdp(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, LOCALHOST, () => resolve());
  });
  return socket;
}

function rtpPacket(seq: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80; // V=2, no padding/extension/CSRC
  header[1] = PAYLOAD_TYPE;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE((seq * 960) >>> 0, 4);
  header.writeUInt32BE(SSRC, 8);
  return Buffer.concat([header, payload]);
}

/** Payload of an RTP packet (skipping CSRCs, header extension, padding), or null if not RTP. */
function rtpPayload(packet: Buffer): Buffer | null {
  const first = packet[0] ?? 0;
  if (packet.length < 12 || first >> 6 !== 2) return null;
  const pt = (packet[1] ?? 0) & 0x7f;
  if (pt >= 64 && pt <= 95) return null; // RTCP
  let offset = 12 + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (first & 0x20) end -= packet[end - 1] ?? 0;
  return offset <= end ? packet.subarray(offset, end) : null;
}

/**
 * Builds the chain for one suite, sends PACKETS RTP packets and returns the
 * payloads sent and received, plus the bytes the receiving SRTP transport saw.
 */
async function relayThroughSrtp(suite: SrtpCryptoSuite, opts: { corruptKey: boolean }) {
  const routerA = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const routerB = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const sender = await bindUdp();
  const receiver = await bindUdp();
  try {
    const listenInfo = { protocol: 'udp' as const, ip: LOCALHOST };

    // Router A: plain RTP in (comedia), SRTP out.
    const plainIn = await routerA.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
    const producerA = await plainIn.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: PAYLOAD_TYPE, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: SSRC }],
      },
    });
    const srtpOut = await routerA.createPlainTransport({
      listenInfo,
      rtcpMux: true,
      comedia: false,
      enableSrtp: true,
      srtpCryptoSuite: suite,
    });

    // Router B: SRTP in, plain RTP out.
    const srtpIn = await routerB.createPlainTransport({
      listenInfo,
      rtcpMux: true,
      comedia: false,
      enableSrtp: true,
      srtpCryptoSuite: suite,
    });
    const plainOut = await routerB.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });

    assert.equal(srtpOut.srtpParameters?.cryptoSuite, suite);
    assert.equal(srtpIn.srtpParameters?.cryptoSuite, suite);

    // srtpIn decrypts with the key given here: srtpOut's, or a corrupted copy.
    const sendKey = Buffer.from(srtpOut.srtpParameters!.keyBase64, 'base64');
    const recvKey = Buffer.from(sendKey);
    if (opts.corruptKey) recvKey[0] = (recvKey[0] ?? 0) ^ 0xff;
    await srtpOut.connect({ ip: LOCALHOST, port: srtpIn.tuple.localPort, srtpParameters: srtpIn.srtpParameters });
    await srtpIn.connect({
      ip: LOCALHOST,
      port: srtpOut.tuple.localPort,
      srtpParameters: { cryptoSuite: suite, keyBase64: recvKey.toString('base64') },
    });
    await plainOut.connect({ ip: LOCALHOST, port: (receiver.address() as AddressInfo).port });

    const consumerA = await srtpOut.consume({ producerId: producerA.id, rtpCapabilities: routerB.rtpCapabilities });
    const producerB = await srtpIn.produce({ kind: 'audio', rtpParameters: consumerA.rtpParameters });
    const consumerB = await plainOut.consume({ producerId: producerB.id, rtpCapabilities: routerB.rtpCapabilities });
    assert.equal(consumerA.paused, false);
    assert.equal(consumerB.paused, false);

    const received: Buffer[] = [];
    receiver.on('message', (msg) => {
      const payload = rtpPayload(msg);
      if (payload) received.push(Buffer.from(payload));
    });

    const sent: Buffer[] = [];
    for (let i = 0; i < PACKETS; i++) {
      // Opus-like TOC byte, then an index and random bytes.
      const payload = Buffer.concat([Buffer.from([0x78, i]), randomBytes(100 + i)]);
      sent.push(payload);
      sender.send(rtpPacket(1000 + i, payload), plainIn.tuple.localPort, LOCALHOST);
      await sleep(2);
    }

    // Wait for delivery (bounded), or a fixed grace period when nothing may arrive.
    const deadline = Date.now() + (opts.corruptKey ? 600 : 3000);
    while (Date.now() < deadline && received.length < sent.length) await sleep(20);

    const [srtpInStats] = await srtpIn.getStats();
    return { sent, received, srtpInBytesReceived: srtpInStats?.bytesReceived ?? 0 };
  } finally {
    sender.close();
    receiver.close();
    routerA.close();
    routerB.close();
  }
}

for (const suite of SUITES) {
  test(`PlainTransport with SRTP ${suite} delivers RTP intact`, { timeout: 10_000 }, async () => {
    const { sent, received } = await relayThroughSrtp(suite, { corruptKey: false });
    assert.equal(received.length, sent.length, `received ${received.length} of ${sent.length} packets`);
    // Byte 1 of each payload is its index: match regardless of arrival order.
    const byIndex = new Map(received.map((payload) => [payload[1], payload]));
    assert.equal(byIndex.size, sent.length, 'every packet arrived exactly once');
    sent.forEach((payload, i) => assert.deepEqual(byIndex.get(i), payload, `payload of packet ${i}`));
  });

  test(`PlainTransport with SRTP ${suite} and a mismatched key delivers nothing`, { timeout: 10_000 }, async () => {
    const { sent, received, srtpInBytesReceived } = await relayThroughSrtp(suite, { corruptKey: true });
    // The SRTP packets did reach the receiving transport and were rejected there.
    assert.ok(srtpInBytesReceived > 0, 'SRTP packets reached the receiving transport');
    assert.equal(received.length, 0, `received ${received.length} of ${sent.length} packets`);
  });
}
