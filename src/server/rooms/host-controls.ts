import { CLOSE_CODES, ProtocolError, type Reaction } from '../../protocol/index.js';
import type { Peer } from './peer.js';
import type { Room } from './room.js';

/** WebSocket close code sent to a participant a host removed. */
export const CLOSE_REMOVED = CLOSE_CODES.removed;
/** WebSocket close code sent to everyone when a host ends the meeting. */
export const CLOSE_MEETING_ENDED = CLOSE_CODES.meetingEnded;

/** Refuses `peer` unless it is a host whose session is still on; `action` names what it tried. */
export function requireHost(peer: Peer, action = 'do this'): void {
  if (peer.closed) throw new ProtocolError('forbidden', 'this session has ended');
  if (!peer.isHost) throw new ProtocolError('forbidden', `only a host can ${action}`);
}

async function muteMic(target: Peer): Promise<void> {
  for (const { producer, source } of target.published.values()) {
    if (source !== 'mic' || producer.paused) continue;
    await producer.pause();
    target.notify('mutedByHost', {});
  }
}

/**
 * What hosts may do to a meeting and its participants, and what everyone may do (raise a
 * hand, react). Every check happens here, on the server: the UI only hides buttons.
 */
export const hostControls = {
  async muteParticipant(room: Room, host: Peer, participantId: string): Promise<void> {
    requireHost(host);
    await muteMic(room.peer(participantId));
  },

  async muteAll(room: Room, host: Peer): Promise<void> {
    requireHost(host);
    for (const peer of room.peers()) if (peer !== host) await muteMic(peer);
  },

  remove(room: Room, host: Peer, participantId: string): void {
    requireHost(host);
    const target = room.peer(participantId);
    if (target === host) throw new ProtocolError('bad_request', 'use leave to remove yourself');
    room.ban(target);
    target.notify('sessionEnded', { reason: 'removed' });
    target.disconnect(CLOSE_REMOVED, 'removed');
    room.remove(target);
  },

  makeHost(room: Room, host: Peer, participantId: string): void {
    requireHost(host);
    const target = room.peer(participantId);
    target.participant = { ...target.participant, role: 'host' };
    room.announce(target);
  },

  lock(room: Room, host: Peer, locked: boolean): void {
    requireHost(host);
    room.locked = locked;
    for (const peer of room.peers()) peer.notify('meetingLocked', { locked });
  },

  end(room: Room, host: Peer): void {
    requireHost(host);
    room.ended = true;
    for (const peer of room.peers()) {
      peer.notify('sessionEnded', { reason: 'meeting_ended' });
      peer.disconnect(CLOSE_MEETING_ENDED, 'meeting_ended');
      room.remove(peer);
    }
  },

  raiseHand(room: Room, peer: Peer, raised: boolean): void {
    if (peer.handRaised === raised) return;
    peer.handRaised = raised;
    room.announce(peer);
  },

  react(room: Room, peer: Peer, reaction: Reaction, now = Date.now()): void {
    peer.reactionLimit.take(now);
    for (const other of room.peers()) other.notify('reaction', { participantId: peer.participant.id, reaction });
  },
};
