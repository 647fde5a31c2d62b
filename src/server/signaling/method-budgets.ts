import { ProtocolError, type MethodName } from '../../protocol/index.js';

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface Budget {
  burst: number;
  perSecond: number;
}

/**
 * Every method's budget per session. Generous for what a real client does (a join, a few
 * tracks, tiles scrolling in and out of view) and far below what a flood needs. The chat and
 * reactions have their own, finer limits on top (see Peer).
 */
export const METHOD_BUDGETS: Readonly<Record<MethodName, Budget>> = {
  hello: { burst: 2, perSecond: 0.1 },
  renewToken: { burst: 3, perSecond: 0.05 },
  ping: { burst: 5, perSecond: 1 },
  getRouterRtpCapabilities: { burst: 5, perSecond: 0.5 },
  setRtpCapabilities: { burst: 3, perSecond: 0.2 },
  createWebRtcTransport: { burst: 6, perSecond: 0.5 },
  connectWebRtcTransport: { burst: 6, perSecond: 0.5 },
  restartIce: { burst: 6, perSecond: 0.5 },
  produce: { burst: 10, perSecond: 1 },
  closeProducer: { burst: 20, perSecond: 5 },
  pauseProducer: { burst: 20, perSecond: 5 },
  resumeProducer: { burst: 20, perSecond: 5 },
  pauseConsumer: { burst: 200, perSecond: 50 },
  resumeConsumer: { burst: 200, perSecond: 50 },
  setConsumerPreferredLayers: { burst: 200, perSecond: 50 },
  muteParticipant: { burst: 20, perSecond: 2 },
  muteAll: { burst: 5, perSecond: 0.5 },
  removeParticipant: { burst: 20, perSecond: 2 },
  makeHost: { burst: 20, perSecond: 2 },
  lockMeeting: { burst: 5, perSecond: 1 },
  endMeeting: { burst: 2, perSecond: 0.1 },
  raiseHand: { burst: 5, perSecond: 1 },
  react: { burst: 10, perSecond: 3 },
  setScreenSharePolicy: { burst: 5, perSecond: 1 },
  sendChat: { burst: 1000, perSecond: 100 },
  createPoll: { burst: 10, perSecond: 1 },
  openPoll: { burst: 20, perSecond: 2 },
  closePoll: { burst: 20, perSecond: 2 },
  deletePoll: { burst: 20, perSecond: 2 },
  sharePollResults: { burst: 20, perSecond: 2 },
  vote: { burst: 10, perSecond: 2 },
  listPolls: { burst: 5, perSecond: 1 },
  startRecording: { burst: 3, perSecond: 0.2 },
  stopRecording: { burst: 3, perSecond: 0.2 },
  recordingConsent: { burst: 3, perSecond: 0.2 },
};

/** One session's buckets, one per method, filled lazily. */
export class MethodBudgets {
  readonly #budgets: Readonly<Record<MethodName, Budget>>;
  readonly #buckets = new Map<MethodName, { tokens: number; at: number }>();

  constructor(budgets: Readonly<Record<MethodName, Budget>> = METHOD_BUDGETS) {
    this.#budgets = budgets;
  }

  /** Spends one request of `method` at `now`, or throws `rate_limited` with a retry hint. */
  take(method: MethodName, now = Date.now()): void {
    const { burst, perSecond } = this.#budgets[method];
    const bucket = this.#buckets.get(method) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.#buckets.set(method, bucket);
    if (bucket.tokens < 1) {
      const retryAfterMs = Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
      throw new ProtocolError('rate_limited', `too many "${method}" requests; retry in ${retryAfterMs} ms`, null, {
        retryAfterMs,
      });
    }
    bucket.tokens -= 1;
  }
}
