import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/** What Storybook's Controls and Actions panels pass to a story's `render`. */
export type StoryArgs = Record<string, unknown>;

/** `onWeStateChange` → `we-state-change`, the inverse of Storybook's event arg names. */
function eventName(argName: string): string {
  return argName
    .slice(2)
    .replace(/(?<=[a-z0-9])([A-Z])/g, '-$1')
    .toLowerCase();
}

/**
 * Applies the args of the Controls panel to the element it is placed on: attributes
 * (`display-name`, `no-video`…), CSS custom properties (`--we-meeting-primary`…) and, for
 * the Actions panel, a listener per event (`onWeJoin` → `we-join`). Only args that were set
 * are applied, so a story's own attributes stay until a control changes them, and come back
 * when the controls are reset.
 */
class StoryArgsDirective extends Directive {
  readonly #original = new Map<string, string | null>();
  readonly #listeners = new Map<string, EventListener>();
  readonly #customProperties = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new TypeError('storyArgs() belongs on an element, as in <we-meeting ${storyArgs(args)}>');
  }

  render(_args: StoryArgs | undefined): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [args = {}]: [StoryArgs | undefined]): typeof noChange {
    const element = part.element as HTMLElement;
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(args)) {
      if (value === undefined) continue;
      if (/^on[A-Z]/.test(name) && typeof value === 'function') {
        this.#listen(element, eventName(name), value as EventListener);
        seen.add(eventName(name));
      } else if (name.startsWith('--')) {
        element.style.setProperty(name, String(value));
        this.#customProperties.add(name);
        seen.add(name);
      } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        if (!this.#original.has(name)) this.#original.set(name, element.getAttribute(name));
        if (value === false) element.removeAttribute(name);
        else element.setAttribute(name, value === true ? '' : String(value));
        seen.add(name);
      }
    }
    for (const [name, original] of this.#original) {
      if (seen.has(name)) continue;
      if (original === null) element.removeAttribute(name);
      else element.setAttribute(name, original);
      this.#original.delete(name);
    }
    for (const name of this.#customProperties) {
      if (seen.has(name)) continue;
      element.style.removeProperty(name);
      this.#customProperties.delete(name);
    }
    for (const [type, listener] of this.#listeners) {
      if (seen.has(type)) continue;
      element.removeEventListener(type, listener);
      this.#listeners.delete(type);
    }
    return noChange;
  }

  #listen(element: HTMLElement, type: string, handler: EventListener): void {
    if (this.#listeners.get(type) === handler) return;
    const previous = this.#listeners.get(type);
    if (previous !== undefined) element.removeEventListener(type, previous);
    element.addEventListener(type, handler);
    this.#listeners.set(type, handler);
  }
}

/** Applies a story's args (from the Controls and Actions panels) to the element it is on. */
export const storyArgs = directive(StoryArgsDirective);
