import type { ReactiveController, ReactiveElement } from 'lit';

/** Id of the End meeting confirmation inside the element's shadow root. */
export const END_CONFIRM_ID = 'end-meeting-confirm';

/** Id of the host's Start recording / Stop recording confirmation. */
export const RECORDING_CONFIRM_ID = 'recording-confirm';

/** Id of the host actions menu of one participant's tile. */
export function actionsMenuId(participantId: string): string {
  return `actions-${participantId}`;
}

/** Focuses the element `selector` finds once the host rendered (the popups and the device settings). */
export async function focusAfterUpdate(host: ReactiveElement, selector: string): Promise<void> {
  await host.updateComplete;
  host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
}

/**
 * Which small popup of the meeting screen is open (the Reactions menu, a tile's host actions,
 * the End meeting confirmation) and which destructive action waits for its confirmation. At
 * most one popup is open. Opening one moves focus into it; closing it (Escape, its toggle, a
 * chosen item) gives focus back to the button that controls it, as the device settings do.
 *
 * A popup is an element whose `id` is the popup's id, toggled by a button whose
 * `aria-controls` names it.
 */
export class PopupState implements ReactiveController {
  readonly #host: ReactiveElement;

  /** Id of the open popup. */
  open: string | undefined;
  /** Key of the action waiting for confirmation inside the open popup (`remove:<id>`). */
  confirming: string | undefined;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  toggle(id: string): void {
    if (this.open === id) this.hide();
    else this.show(id);
  }

  /** Opens popup `id` (closing any other) and focuses its first button. */
  show(id: string): void {
    this.open = id;
    this.confirming = undefined;
    this.#host.requestUpdate();
    void focusAfterUpdate(this.#host, `#${CSS.escape(id)} button`);
  }

  /** Closes the open popup and gives focus back to its toggle; returns whether one was open. */
  hide(): boolean {
    const id = this.open;
    if (id === undefined) return false;
    this.close();
    this.#host.requestUpdate();
    void focusAfterUpdate(this.#host, `[aria-controls="${CSS.escape(id)}"]`);
    return true;
  }

  /** Asks for confirmation of `key` inside the open popup, focusing `selector` (its Confirm button). */
  confirm(key: string, selector: string): void {
    this.confirming = key;
    this.#host.requestUpdate();
    void focusAfterUpdate(this.#host, selector);
  }

  /** Drops a pending confirmation, focusing `selector` (the button that asked for it). */
  cancelConfirm(selector: string): void {
    this.confirming = undefined;
    this.#host.requestUpdate();
    void focusAfterUpdate(this.#host, selector);
  }

  /** Forgets the open popup without moving focus (its screen or tile is gone); idempotent. */
  close(): void {
    this.open = undefined;
    this.confirming = undefined;
  }

  /** Forgets a popup whose element is no longer rendered (its participant left, the host role went). */
  prune(root: ParentNode): void {
    if (this.open !== undefined && root.querySelector(`#${CSS.escape(this.open)}`) === null) this.close();
  }
}
