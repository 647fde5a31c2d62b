import {
  adoptStyles,
  css,
  html,
  supportsAdoptingStyleSheets,
  type CSSResultOrNative,
  type LitElement,
  type TemplateResult,
} from 'lit';
import { msg } from './localize.js';

/**
 * A part of the SDK that is loaded on demand (a chunk of the `<script>` build, a split point
 * for an application's bundler) could not be loaded: the network failed, or the server did not
 * have the file. Asking for the part again tries the network again.
 */
export class ChunkLoadError extends Error {
  override readonly name = 'ChunkLoadError';
  readonly code = 'chunk_load_failed';
  /** What could not be loaded, in words (`media`, `meeting views`, …). */
  readonly part: string;

  constructor(part: string, cause: unknown) {
    super(`the ${part} code could not be loaded; check the connection and try again`, { cause });
    this.part = part;
  }
}

/**
 * A module loaded on first use, once: `load()` gives the module (the same promise to every
 * caller while it loads); a failure rejects with a {@link ChunkLoadError} and is forgotten, so
 * the next `load()` fetches again.
 */
export class LazyModule<T> {
  readonly part: string;
  readonly #load: () => Promise<T>;
  #value: T | undefined;
  #pending: Promise<T> | undefined;
  #error: ChunkLoadError | undefined;

  /** `part` names the module in errors; `load` imports it (a dynamic `import()`). */
  constructor(part: string, load: () => Promise<T>) {
    this.part = part;
    this.#load = load;
  }

  /** The module, once loaded. */
  get value(): T | undefined {
    return this.#value;
  }

  /** Why the last attempt failed, until the next one starts. */
  get error(): ChunkLoadError | undefined {
    return this.#error;
  }

  /** The attempt under way, if any. */
  get pending(): Promise<T> | undefined {
    return this.#pending;
  }

  load(): Promise<T> {
    if (this.#value !== undefined) return Promise.resolve(this.#value);
    if (this.#pending === undefined) {
      this.#error = undefined;
      this.#pending = this.#load().then(
        (value) => {
          this.#value = value;
          this.#pending = undefined;
          return value;
        },
        (cause: unknown) => {
          this.#error = new ChunkLoadError(this.part, cause);
          this.#pending = undefined;
          throw this.#error;
        },
      );
    }
    return this.#pending;
  }

  /** Starts loading in the background; a failure shows only when the module is asked for. */
  prefetch(): void {
    this.load().catch(() => {
      // load() keeps the error for whoever asks next; a later load() tries again.
    });
  }
}

type Host = LitElement;

/**
 * The heavier views of an element, loaded the first time the element shows them: until then
 * it renders a loading state, and if loading fails an error with a Try again button. The host
 * re-renders when the views arrive or fail. `settled()` lets the host's `updateComplete`
 * include the wait, so code awaiting it sees the views.
 */
export class LazyViews<T> {
  readonly #host: Host;
  readonly #module: LazyModule<T>;
  readonly #onError: ((error: ChunkLoadError) => void) | undefined;
  readonly #styles: ((views: T) => readonly CSSResultOrNative[]) | undefined;
  /** The attempt this host follows. */
  #watching: Promise<T> | undefined;
  #styled = false;

  /**
   * `onError` hears every failed attempt (`<we-meeting>` fires `we-error`); `styles` gives the
   * views' styles, added to the host's shadow root when they are first shown.
   */
  constructor(
    host: Host,
    module: LazyModule<T>,
    onError?: (error: ChunkLoadError) => void,
    styles?: (views: T) => readonly CSSResultOrNative[],
  ) {
    this.#host = host;
    this.#module = module;
    this.#onError = onError;
    this.#styles = styles;
  }

  /**
   * `show(views)` once loaded; else the loading state while they load, or the error with its
   * Try again button once this host's attempt failed. A failed prefetch is tried again when
   * the views are first shown.
   */
  render(show: (views: T) => TemplateResult): TemplateResult {
    const views = this.#module.value;
    if (views !== undefined) {
      if (!this.#styled && this.#styles !== undefined) addStyles(this.#host, this.#styles(views));
      this.#styled = true;
      return show(views);
    }
    if (this.#watching !== undefined && this.#module.pending === undefined && this.#module.error !== undefined) return this.#failed();
    this.#start();
    return html`<p part="loading" class="lazy-loading" role="status">${msg('Loading…', { id: 'meeting.lazy.loading' })}</p>`;
  }

  /** Resolves once no load is under way (loaded or failed), after the host re-rendered for it. */
  async settled(): Promise<boolean> {
    const pending = this.#module.pending;
    if (pending === undefined) return false;
    await pending.catch(() => undefined);
    return true;
  }

  #start(): void {
    const attempt = this.#module.load();
    if (attempt === this.#watching) return;
    this.#watching = attempt;
    attempt.then(
      () => this.#host.requestUpdate(),
      (error: ChunkLoadError) => {
        this.#host.requestUpdate();
        this.#onError?.(error);
      },
    );
  }

  #failed(): TemplateResult {
    return html`<div part="load-error" class="lazy-error" role="alert">
      <p>${msg('This part could not be loaded. Check the connection and try again.', { id: 'meeting.lazy.failed' })}</p>
      <button part="retry" class="primary" type="button" @click=${() => this.#retry()}>
        ${msg('Try again', { id: 'meeting.failed.retry' })}
      </button>
    </div>`;
  }

  #retry(): void {
    this.#start();
    this.#host.requestUpdate();
  }
}

/** The loading state and the load error of {@link LazyViews}, in every element's colours. */
export const lazyStyles = css`
  .lazy-loading,
  .lazy-error {
    margin: 0;
    padding: 1rem;
    text-align: center;
  }
  .lazy-loading {
    color: var(--_muted);
  }
  .lazy-error p {
    margin: 0 0 0.75rem;
    color: var(--_error);
  }
`;

/**
 * Adds `styles` to an element's shadow root, after its own: the styles of views that came in a
 * chunk of their own, applied when they arrive.
 */
export function addStyles(host: LitElement, styles: readonly CSSResultOrNative[]): void {
  const own = (host.constructor as typeof LitElement).elementStyles;
  // Without constructable sheets Lit writes <style> elements: only the new ones are added.
  adoptStyles(host.renderRoot as ShadowRoot, supportsAdoptingStyleSheets ? [...own, ...styles] : [...styles]);
}
