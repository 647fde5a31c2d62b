import type { MethodName, Reaction, RequestData } from '../protocol/index.js';
import type { SignalingLink } from './connection/transport.js';
import { TypedEmitter } from './emitter.js';
import { InvalidStateError } from './errors.js';

/** Events of {@link HostControls}. */
export type HostControlsEvents = {
  /** A host locked or unlocked the meeting. */
  lockchange: [locked: boolean];
  /** Someone (self included) sent a reaction. */
  reaction: [participantId: string, reaction: Reaction];
};

/**
 * What hosts do to the meeting and its participants (mute, remove, promote, lock, end), and
 * what everyone does beside media (raise a hand, react), with the meeting-wide state those
 * change. The server checks who may do what; a refusal rejects with `RequestError`.
 */
export class HostControls extends TypedEmitter<HostControlsEvents> {
  #link: SignalingLink | undefined;
  #locked = false;

  /** Whether a host locked the meeting (no new participants). */
  get locked(): boolean {
    return this.#locked;
  }

  /** A join is set up: calls go through `link` until {@link detach}. */
  attach(link: SignalingLink): void {
    this.#link = link;
  }

  detach(): void {
    this.#link = undefined;
  }

  handleMeetingLocked(locked: boolean): void {
    this.#locked = locked;
    this.safeEmit('lockchange', locked);
  }

  handleReaction(participantId: string, reaction: Reaction): void {
    this.safeEmit('reaction', participantId, reaction);
  }

  setHandRaised(raised: boolean): Promise<void> {
    return this.#send('raiseHand', { raised });
  }

  react(reaction: Reaction): Promise<void> {
    return this.#send('react', { reaction });
  }

  muteParticipant(participantId: string): Promise<void> {
    return this.#send('muteParticipant', { participantId });
  }

  muteAll(): Promise<void> {
    return this.#send('muteAll', {});
  }

  removeParticipant(participantId: string): Promise<void> {
    return this.#send('removeParticipant', { participantId });
  }

  makeHost(participantId: string): Promise<void> {
    return this.#send('makeHost', { participantId });
  }

  setLocked(locked: boolean): Promise<void> {
    return this.#send('lockMeeting', { locked });
  }

  endForAll(): Promise<void> {
    return this.#send('endMeeting', {});
  }

  async #send<M extends MethodName>(method: M, data: RequestData<M>): Promise<void> {
    if (this.#link === undefined) throw new InvalidStateError('not in a meeting');
    await this.#link.request(method, data);
  }
}
