import type { Notification, NotificationData, NotificationName } from '../protocol/index.js';
import type { ChatSession } from './chat/chat-session.js';
import type { HostControls } from './host-controls.js';
import type { LocalMedia } from './media/local-media.js';
import type { RemoteMedia } from './media/remote-media.js';
import type { PollsSession } from './polls/polls-session.js';
import type { RecordingSession } from './recording/recording-session.js';
import type { Roster } from './roster.js';

/** The managers the server's notifications go to, each through its `handle*` methods. */
export interface NotificationTargets {
  readonly roster: Pick<Roster, 'handleParticipantJoined' | 'handleParticipantUpdated' | 'handleParticipantLeft'>;
  readonly remote: Pick<
    RemoteMedia,
    'handleNewConsumer' | 'handleConsumerClosed' | 'handleConsumerPaused' | 'handleParticipantLeft' | 'handleActiveSpeaker'
  >;
  readonly local: Pick<LocalMedia, 'handleMutedByHost'>;
  readonly host: Pick<HostControls, 'handleMeetingLocked' | 'handleReaction'>;
  readonly chat: Pick<ChatSession, 'handleChat'>;
  readonly polls: Pick<PollsSession, 'handlePollUpdated' | 'handlePollDeleted'>;
  readonly recording: Pick<RecordingSession, 'handleRecordingState'>;
}

type Routes = { readonly [N in NotificationName]: (data: NotificationData<N>, to: NotificationTargets) => void };

/**
 * Where every notification goes: the one way in for what the server says to the managers.
 * Every notification of the protocol has a route (the type demands it), so a new one is
 * routed here or does not compile.
 */
const ROUTES: Routes = {
  participantJoined: ({ participant }, to) => to.roster.handleParticipantJoined(participant),
  participantUpdated: ({ participant }, to) => to.roster.handleParticipantUpdated(participant),
  participantLeft: ({ participantId }, to) => {
    // Their media first: the roster's `participantleft` then finds nothing of theirs still arriving.
    to.remote.handleParticipantLeft(participantId);
    to.roster.handleParticipantLeft(participantId);
  },
  newConsumer: (offer, to) => to.remote.handleNewConsumer(offer),
  consumerClosed: ({ consumerId }, to) => to.remote.handleConsumerClosed(consumerId),
  consumerPaused: ({ consumerId }, to) => to.remote.handleConsumerPaused(consumerId, true),
  consumerResumed: ({ consumerId }, to) => to.remote.handleConsumerPaused(consumerId, false),
  activeSpeaker: ({ participantId }, to) => to.remote.handleActiveSpeaker(participantId ?? undefined),
  mutedByHost: (_data, to) => to.local.handleMutedByHost(),
  reaction: ({ participantId, reaction }, to) => to.host.handleReaction(participantId, reaction),
  meetingLocked: ({ locked }, to) => to.host.handleMeetingLocked(locked),
  chat: (frame, to) => to.chat.handleChat(frame),
  pollUpdated: ({ poll }, to) => to.polls.handlePollUpdated(poll),
  pollDeleted: ({ pollId }, to) => to.polls.handlePollDeleted(pollId),
  // The connection's own: it keeps the reason and ends the session when the socket closes.
  sessionEnded: () => undefined,
  recordingState: (state, to) => to.recording.handleRecordingState(state),
};

/** Hands a validated notification to the manager it is for. */
export function routeNotification(notification: Notification, to: NotificationTargets): void {
  (ROUTES[notification.name] as (data: unknown, targets: NotificationTargets) => void)(notification.data, to);
}
