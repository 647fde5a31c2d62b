import { fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import type { WeMeetingElement } from '../../src/index.js';
import { FakeMeetingClient, type FakeClientOptions } from './fake-client.js';

/** The first match in the element's shadow root. */
export function query<T extends Element = HTMLElement>(element: Element, selector: string): T | null {
  return element.shadowRoot!.querySelector<T>(selector as never) as T | null;
}

/** Every match in the element's shadow root. */
export function queryAll<T extends Element = HTMLElement>(element: Element, selector: string): T[] {
  return [...element.shadowRoot!.querySelectorAll<T>(selector as never)] as T[];
}

/** The button whose accessible name (its text; icons are aria-hidden) is `name`. */
export function button(element: Element, name: string): HTMLButtonElement | undefined {
  return queryAll<HTMLButtonElement>(element, 'button').find((candidate) => candidate.textContent?.trim() === name);
}

/** The input or select inside the `<label>` whose text is `label`. */
export function field<T extends HTMLInputElement | HTMLSelectElement>(element: Element, label: string): T | undefined {
  const found = queryAll<HTMLLabelElement>(element, 'label').find((candidate) => candidate.querySelector('span')?.textContent?.trim() === label);
  return (found?.querySelector('input, select') ?? undefined) as T | undefined;
}

/** A `<we-meeting>` showing a joined fake client. */
export async function joinedMeeting(options: FakeClientOptions = {}): Promise<{ element: WeMeetingElement; client: FakeMeetingClient }> {
  const client = new FakeMeetingClient({ state: 'joined', ...options });
  const element = await fixture<WeMeetingElement>(html`<we-meeting .client=${client}></we-meeting>`);
  return { element, client };
}

/** Sets the value of an input as a user would (fires `input`). */
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The next `name` event fired by `target`, typed by GlobalEventHandlersEventMap. */
export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  name: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return oneEvent(target, name) as unknown as Promise<GlobalEventHandlersEventMap[K]>;
}
