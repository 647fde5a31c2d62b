import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import { meetingClientContext } from './meeting-context.js';

/** Events after which a `<we-meeting>` may hold a different client. */
const MEETING_EVENTS = ['we-state-change', 'we-join', 'we-leave'] as const;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Finds the meeting client a companion element (`<we-chat>`, `<we-poll>`) works with, in
 * this order: a client set on the element, the `<we-meeting>` whose id `for` names, the
 * `<we-meeting>` the element sits in. Calls `onChange` whenever the answer changes, so the
 * element can move its listeners to the new client.
 */
export class ClientSource implements ReactiveController {
  readonly #host: Host;
  readonly #onChange: (client: MeetingClientApi | undefined) => void;
  readonly #context: ContextConsumer<typeof meetingClientContext, Host>;
  #explicit: MeetingClientApi | undefined;
  #for: string | null = null;
  #current: MeetingClientApi | undefined;

  constructor(host: Host, onChange: (client: MeetingClientApi | undefined) => void) {
    this.#host = host;
    this.#onChange = onChange;
    this.#context = new ContextConsumer(host, {
      context: meetingClientContext,
      subscribe: true,
      callback: () => this.#resolve(),
    });
    host.addController(this);
  }

  /** The client in use. */
  get client(): MeetingClientApi | undefined {
    return this.#current;
  }

  /** A client set directly on the element; wins over `for` and the enclosing meeting. */
  set explicit(client: MeetingClientApi | undefined) {
    this.#explicit = client;
    this.#resolve();
  }

  get explicit(): MeetingClientApi | undefined {
    return this.#explicit;
  }

  /** The id of the `<we-meeting>` to follow, from the `for` attribute. */
  set for(id: string | null) {
    this.#for = id;
    this.#resolve();
  }

  hostConnected(): void {
    // Events of any meeting reach the document; re-resolving is cheap and catches a
    // `<we-meeting>` added after this element.
    for (const name of MEETING_EVENTS) document.addEventListener(name, this.#onMeetingEvent);
    this.#resolve();
  }

  hostDisconnected(): void {
    for (const name of MEETING_EVENTS) document.removeEventListener(name, this.#onMeetingEvent);
  }

  readonly #onMeetingEvent = (): void => this.#resolve();

  #resolve(): void {
    const next = this.#explicit ?? this.#fromFor() ?? this.#context.value;
    if (next === this.#current) return;
    this.#current = next;
    this.#onChange(next);
    this.#host.requestUpdate();
  }

  #fromFor(): MeetingClientApi | undefined {
    if (this.#for === null || !this.#host.isConnected) return undefined;
    const root = this.#host.getRootNode() as Document | ShadowRoot;
    const target = root.getElementById?.(this.#for) ?? document.getElementById(this.#for);
    return (target as { client?: MeetingClientApi } | null)?.client;
  }
}
