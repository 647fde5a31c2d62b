import { LitElement, type PropertyValues } from 'lit';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import type { ThemeName } from './base.styles.js';
import { ClientSource } from './client-source.js';
import { LocaleController } from './localize.js';

/**
 * An element that works beside a `<we-meeting>` (`<we-chat>`, `<we-poll>` and those to come),
 * and the one way each finds its meeting client:
 *
 * - `client` is the client the element uses, however it was found. Setting it uses a client
 *   of your own, which wins over everything else (the element follows it and never closes
 *   it); setting `undefined` goes back to
 * - the client of the `<we-meeting>` whose id `for` names (in the element's own root, then in
 *   the document), else
 * - the client of the `<we-meeting>` the element sits in.
 *
 * A `client` set before the element was defined is taken over. Subclasses hear of every
 * change of the client in use through {@link clientChanged}, and render in the element's
 * language (see `LocaleController`).
 */
export abstract class CompanionElement extends LitElement {
  static override properties = {
    for: { type: String, noAccessor: true },
    client: { attribute: false, noAccessor: true },
    theme: { type: String, reflect: true },
  };

  /**
   * Colour theme, `light` or `dark`, reflected as the `theme` attribute; without it the element
   * follows the `theme` of the `<we-meeting>` it is inside, if that has one, else the system's
   * `prefers-color-scheme`.
   */
  declare theme: ThemeName | undefined;

  /** Runs code in the element's language. */
  protected readonly locale = new LocaleController(this);
  readonly #source = new ClientSource(this, (client) => this.clientChanged(client));
  #for: string | null = null;
  /** A `client` set before the element was defined, taken over once it is connected. */
  #early: MeetingClientApi | undefined;

  constructor() {
    super();
    // Such a `client` hides the accessor. It is handed over on connection, not here: the
    // subclass's own fields, which hear of it, do not exist yet.
    if (Object.prototype.hasOwnProperty.call(this, 'client')) {
      this.#early = (this as { client?: MeetingClientApi }).client;
      delete (this as { client?: MeetingClientApi }).client;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#early !== undefined) this.client = this.#early;
  }

  /** The id of the `<we-meeting>` whose client to use, when no `client` was set. */
  get for(): string | null {
    return this.#for;
  }

  set for(id: string | null) {
    const old = this.#for;
    this.#for = id ?? null;
    this.#source.for = this.#for;
    this.requestUpdate('for', old);
  }

  /**
   * The meeting client in use. Set one of your own to use it instead of a `<we-meeting>`'s
   * (JS property only); set `undefined` to go back to `for` and the enclosing `<we-meeting>`.
   */
  get client(): MeetingClientApi | undefined {
    return this.#early ?? this.#source.client;
  }

  set client(client: MeetingClientApi | undefined) {
    this.#early = undefined;
    const old = this.#source.client;
    this.#source.explicit = client ?? undefined;
    this.requestUpdate('client', old);
  }

  /** The client in use changed: set, found through `for`, or another one in the `<we-meeting>`. */
  protected abstract clientChanged(client: MeetingClientApi | undefined): void;

  /** Renders in the element's language (see `LocaleController`). */
  protected override update(changed: PropertyValues<this>): void {
    this.locale.run(() => super.update(changed));
  }

  /** Renders once the translations of the element's language are here (see `LocaleController`). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.locale.whenReady(() => super.scheduleUpdate());
  }
}
