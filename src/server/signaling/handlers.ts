import type { types } from 'mediasoup';
import {
  ProtocolError,
  type MethodName,
  type ParsedRequest,
  type ResponseData,
} from '../../protocol/index.js';
import type { Identity } from '../auth/token-claims.js';
import { relayChat } from '../chat/chat-relay.js';
import type { WorkerPool } from '../media/worker-pool.js';
import type { RecordingService } from '../recording/recording-service.js';
import { hostControls } from '../rooms/host-controls.js';
import type { Peer } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';
import type { Store } from '../store/store.js';

/** A session that has joined a meeting. */
export interface Joined {
  identity: Identity;
  participationId: number;
  room: Room;
  peer: Peer;
}

/** Handlers of every method but the session's own (`hello`, `renewToken`). */
export type MeetingHandlers = {
  [M in Exclude<MethodName, 'hello' | 'renewToken'>]: (
    joined: Joined,
    data: Extract<ParsedRequest, { method: M }>['data'],
  ) => Promise<ResponseData<M>>;
};

const FROM_MEDIASOUP: Record<string, 'bad_request' | 'conflict' | 'unsupported_media'> = {
  TypeError: 'bad_request',
  InvalidStateError: 'conflict',
  UnsupportedError: 'unsupported_media',
};

/**
 * Runs a mediasoup call on a client's objects and turns what the client can cause into a
 * typed error: a bad parameter, a wrong state (e.g. a transport connected twice), a media
 * format the SFU cannot take, or a request the worker refused. A closed worker stays internal.
 */
export async function mediasoupCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof ProtocolError || !(cause instanceof Error)) throw cause;
    const code = FROM_MEDIASOUP[cause.name] ?? (cause.name === 'Error' ? 'conflict' : undefined);
    if (code === undefined) throw cause;
    throw new ProtocolError(code, `the media server refused: ${cause.message}`, null, { cause });
  }
}

/** Every request a joined participant can make, each checked against that participant. */
export function meetingHandlers(pool: WorkerPool, store: Store, recordings: RecordingService): MeetingHandlers {
  return {
    ping: async () => ({ serverTime: Date.now() }),
    getRouterRtpCapabilities: async ({ room }) => ({
      rtpCapabilities: room.router.rtpCapabilities as unknown as Record<string, unknown>,
    }),
    setRtpCapabilities: async ({ room, peer }, { rtpCapabilities }) => {
      await mediasoupCall(() => room.setRtpCapabilities(peer, rtpCapabilities as unknown as types.RtpCapabilities));
      return {};
    },
    createWebRtcTransport: async ({ room, peer }, { direction }) => {
      const transport = await peer.addTransport(async () => {
        const created = await pool.createWebRtcTransport(room.meeting);
        created.appData.direction = direction;
        return created;
      });
      return {
        id: transport.id,
        iceParameters: transport.iceParameters as unknown as Record<string, unknown>,
        iceCandidates: transport.iceCandidates as unknown as Record<string, unknown>[],
        dtlsParameters: transport.dtlsParameters as unknown as Record<string, unknown>,
      };
    },
    connectWebRtcTransport: async ({ peer }, { transportId, dtlsParameters }) => {
      const transport = peer.transport(transportId);
      if (transport.appData.connecting === true) throw new ProtocolError('conflict', 'this transport is already connected');
      transport.appData.connecting = true;
      try {
        await mediasoupCall(() => transport.connect({ dtlsParameters: dtlsParameters as unknown as types.DtlsParameters }));
      } catch (error) {
        transport.appData.connecting = false;
        throw error;
      }
      return {};
    },
    restartIce: async ({ peer }, { transportId }) => {
      const transport = peer.transport(transportId);
      const iceParameters = await mediasoupCall(() => transport.restartIce());
      return { iceParameters: iceParameters as unknown as Record<string, unknown> };
    },
    produce: async ({ room, peer }, { transportId, kind, source, rtpParameters, paused }) => {
      const producer = await room.produce(peer, transportId, {
        kind,
        source,
        rtpParameters: rtpParameters as unknown as types.RtpParameters,
        paused,
      });
      return { producerId: producer.id };
    },
    closeProducer: async ({ peer }, { producerId }) => {
      peer.producer(producerId).close();
      return {};
    },
    pauseProducer: async ({ peer }, { producerId }) => {
      await mediasoupCall(() => peer.producer(producerId).pause());
      return {};
    },
    resumeProducer: async ({ peer }, { producerId }) => {
      await mediasoupCall(() => peer.producer(producerId).resume());
      return {};
    },
    pauseConsumer: async ({ peer }, { consumerId }) => {
      await mediasoupCall(() => peer.consumer(consumerId).pause());
      return {};
    },
    resumeConsumer: async ({ peer }, { consumerId }) => {
      await mediasoupCall(() => peer.consumer(consumerId).resume());
      return {};
    },
    setConsumerPreferredLayers: async ({ peer }, { consumerId, spatialLayer, temporalLayer }) => {
      const consumer = peer.consumer(consumerId);
      await mediasoupCall(() =>
        consumer.setPreferredLayers({ spatialLayer, ...(temporalLayer === undefined ? {} : { temporalLayer }) }),
      );
      return {};
    },
    muteParticipant: async ({ room, peer }, { participantId }) => {
      await hostControls.muteParticipant(room, peer, participantId);
      return {};
    },
    muteAll: async ({ room, peer }) => {
      await hostControls.muteAll(room, peer);
      return {};
    },
    removeParticipant: async ({ room, peer }, { participantId }) => {
      hostControls.remove(room, peer, participantId);
      return {};
    },
    makeHost: async ({ room, peer }, { participantId }) => {
      hostControls.makeHost(room, peer, participantId);
      return {};
    },
    lockMeeting: async ({ room, peer }, { locked }) => {
      hostControls.lock(room, peer, locked);
      return {};
    },
    endMeeting: async ({ room, peer }) => {
      hostControls.end(room, peer);
      await store.endMeeting(room.meeting, Date.now());
      return {};
    },
    raiseHand: async ({ room, peer }, { raised }) => {
      hostControls.raiseHand(room, peer, raised);
      return {};
    },
    react: async ({ room, peer }, { reaction }) => {
      hostControls.react(room, peer, reaction);
      return {};
    },
    setScreenSharePolicy: async ({ room, peer }, { allowMultiple }) => {
      room.setScreenSharePolicy(peer, allowMultiple);
      return {};
    },
    sendChat: async ({ room, peer }, frame) => ({ sentAt: relayChat(room, peer, frame) }),
    createPoll: async (joined, draft) => ({ poll: await joined.room.polls.create(joined, draft) }),
    openPoll: async (joined, { pollId }) => {
      await joined.room.polls.open(joined, pollId);
      return {};
    },
    closePoll: async (joined, { pollId }) => {
      await joined.room.polls.close(joined, pollId);
      return {};
    },
    deletePoll: async (joined, { pollId }) => {
      await joined.room.polls.remove(joined, pollId);
      return {};
    },
    sharePollResults: async (joined, { pollId, shared }) => {
      await joined.room.polls.shareResults(joined, pollId, shared);
      return {};
    },
    vote: async (joined, { pollId, choices }) => {
      await joined.room.polls.vote(joined, pollId, choices);
      return {};
    },
    listPolls: async (joined) => ({ polls: await joined.room.polls.list(joined) }),
    startRecording: async ({ room, peer }) => ({ recordingId: await recordings.start(room, peer) }),
    stopRecording: async ({ room, peer }) => {
      await recordings.stop(room, peer);
      return {};
    },
    recordingConsent: async ({ room, peer }, { recordingId }) => ({
      consentedAt: recordings.consent(room, peer, recordingId),
    }),
  };
}
