import type { SignInSession } from '../../core/sign-in/index.js';

/** Fired by `<we-sign-in>` when a code was accepted: the person is signed in. */
export class WeSignInEvent extends Event {
  static readonly eventName = 'we-sign-in';
  /** The session: a bearer `token` for other origins, the `csrf` token for cookie writes, the masked `user`. */
  readonly session: SignInSession;

  constructor(session: SignInSession) {
    super(WeSignInEvent.eventName, { bubbles: true, composed: true });
    this.session = session;
  }
}

/** Fired by `<we-sign-in>` when the person signed out with its Sign out button. */
export class WeSignOutEvent extends Event {
  static readonly eventName = 'we-sign-out';

  constructor() {
    super(WeSignOutEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'we-sign-in': WeSignInEvent;
    'we-sign-out': WeSignOutEvent;
  }
}
