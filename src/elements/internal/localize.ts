import type { MsgFn, MsgOptions, TemplateLike, TemplateMap } from '@lit/localize';
// The tag and its join, without the package index: that carries the page-wide runtime, which
// the elements do not install (see `msg`).
import { joinStringsAndValues, type StrResult } from '@lit/localize/internal/str-tag.js';
import type { ReactiveController, ReactiveElement, TemplateResult } from 'lit';

export { str } from '@lit/localize/internal/str-tag.js';

/** The languages the elements speak. */
export type Locale = 'en' | 'zh-Hans';

/** The language the messages are written in, used for every language without a translation. */
export const sourceLocale: Locale = 'en';

const LANGUAGES: Record<Locale, string> = { en: 'en', 'zh-Hans': 'zh' };

/**
 * The translations, each a module of its own loaded the first time an element needs it (a
 * chunk of the `<script>` build): a page in English never loads Chinese.
 */
const TRANSLATION_MODULES: Record<Exclude<Locale, 'en'>, () => Promise<{ templates: TemplateMap }>> = {
  'zh-Hans': () => import('../locales/zh-Hans.js'),
};
const translations: Partial<Record<Locale, TemplateMap>> = {};
const translationsLoading = new Map<Locale, Promise<void>>();

/** Whether `locale`'s translations are here (English always is). */
export function localeLoaded(locale: Locale): boolean {
  return locale === sourceLocale || translations[locale] !== undefined;
}

/**
 * Loads `locale`'s translations (once; a failed attempt is forgotten, so the next call tries
 * again). Rejects when they cannot be loaded: the elements then speak English.
 */
export function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'en' || translations[locale] !== undefined) return Promise.resolve();
  let loading = translationsLoading.get(locale);
  if (loading === undefined) {
    loading = TRANSLATION_MODULES[locale]().then(
      (module) => {
        translations[locale] = module.templates;
        translationsLoading.delete(locale);
      },
      (error: unknown) => {
        translationsLoading.delete(locale);
        throw error;
      },
    );
    translationsLoading.set(locale, loading);
  }
  return loading;
}

/**
 * The locale a BCP 47 language tag gets: Chinese in Simplified script (`zh`, `zh-CN`,
 * `zh-SG`, `zh-Hans`, `zh-Hans-HK`) gets `zh-Hans`; everything else, Traditional Chinese
 * (`zh-TW`, `zh-HK`, `zh-Hant`) and malformed or empty tags included, gets English.
 */
export function pickLocale(tag: string | null | undefined): Locale {
  const parsed = parseTag(tag);
  return parsed !== undefined && parsed.language === 'zh' && parsed.maximize().script === 'Hans' ? 'zh-Hans' : 'en';
}

function parseTag(tag: string | null | undefined): Intl.Locale | undefined {
  try {
    return new Intl.Locale((tag ?? '').trim().replaceAll('_', '-'));
  } catch {
    return undefined; // Empty or malformed.
  }
}

/** What an element renders in: its locale, and the tag its dates and numbers are formatted for. */
export interface LocaleContext {
  readonly locale: Locale;
  /** The element's language tag when it names this locale (`en-GB` keeps British dates), else `locale`. */
  readonly format: string;
}

/** The context for a language tag (the nearest `lang`). */
export function localeContext(tag: string | null | undefined): LocaleContext {
  const locale = pickLocale(tag);
  const parsed = parseTag(tag);
  const sameLanguage = parsed !== undefined && parsed.language === LANGUAGES[locale];
  return { locale, format: sameLanguage ? parsed.baseName : locale };
}

const SOURCE_CONTEXT: LocaleContext = { locale: sourceLocale, format: sourceLocale };
let current = SOURCE_CONTEXT;

/**
 * Runs `fn` with {@link msg} and the formatters in `context`, then goes back to the previous
 * one. Elements render through this, so that each renders in its own language: the locale is
 * the element's, never the page's.
 */
export function withLocale<T>(context: LocaleContext, fn: () => T): T {
  const previous = current;
  current = context;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** The locale `msg` translates into right now. */
export function currentLocale(): Locale {
  return current.locale;
}

/**
 * `msg` of `@lit/localize` in runtime mode, reading the locale of the element being rendered.
 * `configureLocalization` would install one locale for the whole page, in the `@lit/localize`
 * the host page may share and configure itself (it can be configured once); this lookup
 * touches neither. The type carries the brand `lit-localize extract` looks for.
 */
export const msg = ((template: TemplateLike, options?: MsgOptions) =>
  translate(translations[current.locale], template, options?.id)) as MsgFn;

/**
 * The lookup of `@lit/localize`'s runtime mode by the message's id (every message here has
 * one): the translation, its `str` or `html` placeholders filled with the source's values in
 * the translation's order, else the source text.
 */
function translate(templates: TemplateMap | undefined, template: TemplateLike, id: string | undefined): string | TemplateResult {
  const translated = id === undefined ? undefined : templates?.[id];
  if (translated === undefined) {
    if (typeof template === 'string') return template;
    return 'strTag' in template ? joinStringsAndValues(template.strings, template.values) : template;
  }
  if (typeof translated === 'string') return translated;
  const values = (template as StrResult | TemplateResult).values;
  // A translation's values are the indexes of the source's values, in the translation's order.
  const order = translated.values as number[];
  if ('strTag' in translated) return joinStringsAndValues(translated.strings, values, order);
  return { ...translated, values: order.map((index) => values[index]) };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A date and time formatter for the current locale (one per locale and options, kept). */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${current.format} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(current.format, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** Formats a number for the current locale (`8,192`). */
export function formatNumber(value: number): string {
  let format = numberFormats.get(current.format);
  if (format === undefined) {
    format = new Intl.NumberFormat(current.format);
    numberFormats.set(current.format, format);
  }
  return format.format(value);
}

/**
 * The language tag that applies to `element`: its own `lang`, else the nearest ancestor's,
 * looking through shadow roots to their hosts (the chat inside a `<we-meeting>` speaks the
 * meeting's language), else the document's.
 */
export function languageOf(element: Element): string {
  let node: Element | undefined = element;
  while (node !== undefined) {
    const marked = node.closest('[lang]');
    if (marked !== null) return marked.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : undefined;
  }
  return globalThis.document?.documentElement.lang ?? '';
}

type Host = ReactiveElement & HTMLElement;

/**
 * Keeps an element in the language of its `lang` (see {@link languageOf}) and re-renders it
 * when that changes: an observer watches `lang` attributes in the document and in each shadow
 * root between the element and the document. The element renders through {@link run}.
 *
 * A language whose translations are not loaded yet is loaded first: the element keeps
 * showing the previous language until they arrive, and its first render waits for them when
 * it starts in that language (the element's `scheduleUpdate` goes through {@link whenReady}),
 * so it never flashes English on a Chinese page. If they cannot be loaded it speaks English.
 */
export class LocaleController implements ReactiveController {
  readonly #host: Host;
  #context = SOURCE_CONTEXT;
  #observer: MutationObserver | undefined;
  /** The translations the next render waits for. */
  #waiting: Promise<void> | undefined;
  /** The context asked for last (it may still be loading). */
  #target = SOURCE_CONTEXT;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  /** The element's locale. */
  get locale(): Locale {
    return this.#context.locale;
  }

  hostConnected(): void {
    const context = localeContext(languageOf(this.#host));
    if (this.#host.hasUpdated) this.#switchTo(context);
    else {
      this.#context = context;
      this.#target = context;
      if (!localeLoaded(context.locale)) {
        const waiting = this.#load(context.locale);
        this.#waiting = waiting;
        // For a host that renders without waiting (see whenReady): once more, translated.
        void waiting.then(() => {
          if (this.#waiting === waiting) this.#host.requestUpdate();
        });
      }
    }
    if (typeof MutationObserver === 'undefined') return;
    this.#observer = new MutationObserver(this.#check);
    const watch = { attributes: true, attributeFilter: ['lang'], subtree: true };
    this.#observer.observe(document.documentElement, watch);
    for (let root = this.#host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
      this.#observer.observe(root, watch);
    }
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  /** Runs `fn` (a render, or text made outside one) in the element's locale. */
  run<T>(fn: () => T): T {
    return withLocale(this.#context, fn);
  }

  /**
   * Runs `update` (the element's `super.scheduleUpdate()`) at once, or once the translations
   * the element is about to render in have arrived.
   */
  whenReady(update: () => void | Promise<unknown>): void | Promise<unknown> {
    const waiting = this.#waiting;
    if (waiting === undefined) return update();
    return waiting.then(() => {
      if (this.#waiting === waiting) this.#waiting = undefined;
      return update();
    });
  }

  readonly #check = (): void => this.#switchTo(localeContext(languageOf(this.#host)));

  /** Renders in `next` from now on, once its translations are here. */
  #switchTo(next: LocaleContext): void {
    this.#target = next;
    if (next.locale === this.#context.locale && next.format === this.#context.format) return;
    const apply = () => {
      if (this.#target !== next) return; // The language changed again meanwhile.
      this.#context = next;
      this.#host.requestUpdate();
    };
    if (localeLoaded(next.locale)) apply();
    else void this.#load(next.locale).then(apply);
  }

  /** Loads `locale`; settles either way (a failure leaves the element in English, and is said once). */
  #load(locale: Locale): Promise<void> {
    return loadLocale(locale).catch((error: unknown) => {
      console.warn(`WE Meeting: the ${locale} translations could not be loaded; showing English.`, error);
    });
  }
}
