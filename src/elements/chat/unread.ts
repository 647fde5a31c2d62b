import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the end, in pixels, still counts as "at the latest message". */
const END_SLACK = 24;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Counts messages the user has not had a chance to see, and keeps the message list at its
 * end while the user is there.
 *
 * A message counts as unread when it arrives while the list is not on screen (the element or
 * an ancestor is hidden, it is scrolled out of the viewport, or the page is in a background
 * tab) or while the user has scrolled up away from the latest message. The count returns to
 * zero as soon as the list is on screen and at its end again.
 */
export class UnreadTracker implements ReactiveController {
  readonly #host: Host;
  readonly #list: () => HTMLElement | null;
  #observed: HTMLElement | null = null;
  #observer: IntersectionObserver | undefined;
  #onScreen = false;
  /** The user is at the latest message (kept from the last scroll, not re-measured on growth). */
  #atEnd = true;
  #count = 0;

  constructor(host: Host, list: () => HTMLElement | null) {
    this.#host = host;
    this.#list = list;
    host.addController(this);
  }

  /** Messages that arrived unseen. */
  get count(): number {
    return this.#count;
  }

  /** Whether the user is scrolled to the latest message. */
  get atEnd(): boolean {
    return this.#atEnd;
  }

  /** Whether the user can see a message that arrives now. */
  get seeing(): boolean {
    return this.#onScreen && this.#atEnd && document.visibilityState === 'visible';
  }

  /** A message from someone else arrived. */
  arrived(): void {
    if (this.seeing) return;
    this.#count++;
    this.#host.requestUpdate();
  }

  /** Scrolls to the latest message; the user has seen everything. */
  scrollToEnd(): void {
    const list = this.#observed;
    if (list !== null) list.scrollTop = list.scrollHeight;
    this.#atEnd = true;
    this.#check();
  }

  /** Clears the count (the user read or dismissed the new messages). */
  reset(): void {
    if (this.#count === 0) return;
    this.#count = 0;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#check);
  }

  hostUpdated(): void {
    const list = this.#list();
    if (list !== this.#observed) this.#observe(list);
    // New entries below: follow them while the user is at the end.
    if (list !== null && this.#atEnd && this.#onScreen) list.scrollTop = list.scrollHeight;
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#check);
    this.#observe(null);
    this.#onScreen = false;
  }

  #observe(list: HTMLElement | null): void {
    this.#observer?.disconnect();
    this.#observed?.removeEventListener('scroll', this.#onScroll);
    this.#observed = list;
    this.#observer = undefined;
    if (list === null) return;
    list.addEventListener('scroll', this.#onScroll, { passive: true });
    this.#observer = new IntersectionObserver((records) => {
      const record = records.at(-1);
      if (record === undefined) return;
      const wasOnScreen = this.#onScreen;
      this.#onScreen = record.isIntersecting && record.intersectionRatio > 0;
      // A hidden list forgets its scroll position: put the user back at the end.
      if (this.#onScreen && !wasOnScreen && this.#atEnd) list.scrollTop = list.scrollHeight;
      this.#check();
    });
    this.#observer.observe(list);
  }

  readonly #onScroll = (): void => {
    const list = this.#observed;
    // A hidden list reports zero sizes: that says nothing about where the user was.
    if (list === null || list.clientHeight === 0) return;
    const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight <= END_SLACK;
    if (atEnd === this.#atEnd) return;
    this.#atEnd = atEnd;
    this.#host.requestUpdate();
    this.#check();
  };

  readonly #check = (): void => {
    if (this.seeing) this.reset();
  };
}
