import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MeetingState } from '../../core/meeting-types.js';
import type { ConsentController } from './consent.js';
import type { MeetingSession } from './meeting-session.js';
import { afterPaint, MEETING_SCREEN } from './meeting-modules.js';

/** The `<we-meeting>` a join controller serves: what it reads to decide when and what to join. */
export interface JoinHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
  readonly autojoin: boolean;
  readonly meeting: string;
  readonly token: string;
  readonly tokenProvider: unknown;
  readonly state: MeetingState;
}

/**
 * When and how `<we-meeting>` joins: never before the consent the server asks for (autojoin
 * included), autojoin's rules (it stops for good once consent is missing or a join failed
 * before a client took over), a join asked for while the client configuration is still
 * loading waits for it, and what joining needs starts loading ahead — once the pre-join
 * screen painted, or at once for autojoin.
 */
export class JoinController implements ReactiveController {
  readonly #host: JoinHost;
  readonly #session: MeetingSession;
  readonly #consent: ConsentController;
  /** The name to join under: typed on the pre-join screen, else the element's `displayName`. */
  readonly #name: () => string;
  /** Whether what Join needs was asked for (once the pre-join screen painted). */
  #prefetched = false;
  /** Set when autojoin found consent missing: from then on only the user's Join joins. */
  #autojoinStopped = false;
  /** A join waiting for the client configuration; dropped when the element leaves the page. */
  #pending: object | undefined;

  constructor(host: JoinHost, session: MeetingSession, consent: ConsentController, name: () => string) {
    this.#host = host;
    this.#session = session;
    this.#consent = consent;
    this.#name = name;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#pending = undefined;
  }

  /** Autojoin is waiting for the client configuration: the element shows "connecting", not the pre-join screen. */
  get awaitingConsent(): boolean {
    return this.#consent.loading && this.#wantsAutojoin();
  }

  /**
   * Starts loading what Join needs — the meeting screen, and the client with its media and
   * end-to-end encryption — once the pre-join screen painted, so that joining waits for none
   * of it.
   */
  prefetch(): void {
    if (this.#prefetched) return;
    this.#prefetched = true;
    afterPaint(() => this.#loadAhead());
  }

  /** Joins now if autojoin wants to (consent aside, which may stop it for good). */
  maybeAutojoin(): void {
    if (!this.#wantsAutojoin()) return;
    // What joining needs loads while the client configuration is asked for.
    this.#loadAhead();
    if (this.#consent.loading) return;
    // Consent is never skipped: what the server asks for stops autojoin at the pre-join screen.
    // An autojoin that failed before a client took over (the token, the client's code) is not
    // tried again behind the user's back either: the pre-join screen says why, and Join retries.
    const { error, recordingNotice } = this.#session.status;
    if (!this.#consent.satisfied || error !== undefined || recordingNotice !== undefined) this.#autojoinStopped = true;
    else this.join(this.#host.meeting);
  }

  /**
   * Joins `meeting`, once the consent asked for was given; `recordingConsent` is the recording
   * under way the participant agreed to on the pre-join screen.
   */
  join(meeting: string, recordingConsent?: string): void {
    // Without a pre-join screen (autojoin) nothing was fetched ahead: the meeting screen loads while joining.
    this.#loadAhead();
    const consent = this.#consent;
    if (consent.loading) {
      if (this.#pending !== undefined) return;
      const pending = {};
      this.#pending = pending;
      void consent.ready.then(() => {
        if (this.#pending !== pending) return;
        this.#pending = undefined;
        if (consent.satisfied) this.join(meeting, recordingConsent);
        else this.#host.requestUpdate();
      });
      return;
    }
    if (!consent.satisfied) {
      this.#host.requestUpdate();
      return;
    }
    consent.acknowledge();
    void this.#session.join({ name: this.#name(), meeting, recordingConsent });
  }

  /** Starts loading what the meeting screen needs; each part loads once, so calling this again costs nothing. */
  #loadAhead(): void {
    for (const module of MEETING_SCREEN) module.prefetch();
    this.#session.prefetch();
  }

  /** Whether autojoin would join now (consent aside). */
  #wantsAutojoin(): boolean {
    const host = this.#host;
    if (!host.autojoin || this.#autojoinStopped || !host.isConnected || this.#session.status.joining) return false;
    if (host.state !== 'idle' || this.#pending !== undefined) return false;
    return host.meeting !== '' && (host.token !== '' || host.tokenProvider !== undefined);
  }
}
