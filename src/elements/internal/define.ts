/**
 * Registers `tagName` unless it already is. A second registration (two copies of the SDK on
 * one page) warns instead of throwing, so the host page keeps working.
 */
export function defineElement(tagName: string, constructor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return; // Server-side rendering: nothing to register.
  const existing = customElements.get(tagName);
  if (existing === undefined) {
    customElements.define(tagName, constructor);
  } else if (existing !== constructor) {
    console.warn(`<${tagName}> is already defined by another copy of the SDK; keeping the first.`);
  }
}
