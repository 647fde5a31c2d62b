import { ProtocolError, type RequestData } from '../../protocol/index.js';
import type { Peer } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';

/**
 * Relays one end-to-end encrypted chat frame from `sender`. The payload is opaque here: the
 * server checks only who may receive it and how often, never stores it and never logs it.
 * Returns the server time stamped on the frame.
 */
export function relayChat(room: Room, sender: Peer, frame: RequestData<'sendChat'>, now = Date.now()): number {
  const { kind, to, payload } = frame;
  if (kind === 'message' && to !== null) {
    throw new ProtocolError('bad_request', 'a group message goes to everyone: "to" must be null');
  }
  if (kind !== 'message' && to === null) throw new ProtocolError('bad_request', `a ${kind} frame needs a recipient`);
  if (to === sender.participant.id) throw new ProtocolError('bad_request', 'cannot send a chat frame to yourself');
  const recipients = to === null ? room.peers().filter((peer) => peer !== sender) : [room.peer(to)];
  (kind === 'sender-key' ? sender.senderKeyLimit : sender.chatLimit).take(now);
  const data = { from: sender.participant.id, to, kind, payload, sentAt: now };
  for (const recipient of recipients) recipient.notify('chat', data);
  return now;
}
