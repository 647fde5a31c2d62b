export { MeetingClient, signalingUrl, type MeetingState, type MeetingClientEvents, type JoinOptions } from './meeting-client.js';
export { SignalingClient, type SignalingEvents, type SignalingOptions } from './signaling.js';
export { TypedEmitter, type EventMap } from './emitter.js';
export { RequestError, ConnectionError, InvalidStateError } from './errors.js';
