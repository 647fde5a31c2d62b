/**
 * The module loader of the `<script>` builds (`we-meeting.js`, `we-history.js`). The build
 * (`scripts/rollup-script-chunks.mjs`) puts it at the top of the first script, which is a
 * classic script that registers the elements at once; everything else is a chunk the loader
 * adds as another classic `<script>` when the code asks for it with `import()`.
 *
 * Chunks are AMD modules, as rollup writes them: `document.currentScript.weMeetingDefine(deps,
 * factory)`. A dependency is `require`, `exports` or a chunk file relative to the chunk asking
 * for it; the first script is one of them (chunks use what it holds: Lit, the base classes),
 * under its own file name. Every chunk file is resolved relative to the first script's own
 * URL, so the chunks load from wherever the page loaded that script, on any origin. A chunk
 * script gets the first script's `crossorigin`, `nonce` and `referrerpolicy`, so a page's CSP
 * and CORS settings for the SDK apply to all of it.
 *
 * Nothing is global: the define function is looked up on the script element that is running
 * (`document.currentScript`), so two copies of the SDK on one page load their chunks apart. A
 * chunk that fails to load is forgotten, so asking for it again fetches it again (a retry).
 */

/** What a chunk's factory receives and fills: its exports object. */
type Exports = Record<string, unknown>;
type Factory = (...dependencies: unknown[]) => void;
/** The AMD define call a chunk makes. */
export type Define = (dependencies: readonly string[], factory: Factory) => void;
/** The AMD `require` a chunk's dynamic `import()` calls: loads the chunks, gives the first's exports. */
export type Require = (
  files: readonly string[],
  resolve: (exports: Exports) => void,
  reject: (error: Error) => void,
) => void;

/** The property of a chunk's `<script>` element that its define call reaches. */
export const DEFINE_PROPERTY = 'weMeetingDefine';

/** Where the first script came from, and how chunk scripts are added like it. */
export interface LoaderOrigin {
  /** The first script's URL; chunk files are resolved against it. */
  readonly url: string;
  /** Settings of the first script's element that chunk scripts copy. */
  readonly crossOrigin?: string | null;
  readonly nonce?: string;
  readonly referrerPolicy?: string;
}

/** The loader of one copy of a `<script>` build. */
export interface ChunkLoader {
  /** Runs the first script's own define call at once and returns its exports. */
  defineEntry(dependencies: readonly string[], factory: Factory): Exports;
  /** Loads a chunk file (relative to the first script) and its dependencies: its exports. */
  load(file: string): Promise<Exports>;
}

/**
 * Makes the loader of the first script `entryFile` (its file name in the build, such as
 * `we-meeting.js`), running at `origin`. `addScript` adds a classic script (the DOM's by
 * default; tests pass their own).
 */
export function createChunkLoader(
  entryFile: string,
  origin: LoaderOrigin,
  addScript: (url: string, define: Define) => Promise<void> = (url, define) => addScriptElement(url, define, origin),
): ChunkLoader {
  /** Every module asked for, by absolute URL: its exports once its dependencies ran. */
  const modules = new Map<string, Promise<Exports>>();
  const entryUrl = new URL(entryFile, origin.url).href;

  const requireFrom =
    (base: string): Require =>
    (files, resolve, reject) => {
      // All at once: the build lists every chunk an import() needs, not only the first.
      Promise.all(files.map((file) => load(new URL(file, base).href))).then((loaded) => resolve(loaded[0]!), reject);
    };

  /** A module's dependencies: its exports object, its `require`, or (a promise of) another module. */
  const resolveAll = (url: string, dependencies: readonly string[], exports: Exports) =>
    dependencies.map((dependency) =>
      dependency === 'exports' ? exports : dependency === 'require' ? requireFrom(url) : load(new URL(dependency, url).href),
    );

  function load(url: string): Promise<Exports> {
    let module = modules.get(url);
    if (module === undefined) {
      let defined: Parameters<Define> | undefined;
      module = addScript(url, (...definition) => (defined = definition)).then(async () => {
        if (defined === undefined) throw new Error(`${url} defined no module`);
        const exports: Exports = {};
        defined[1](...(await Promise.all(resolveAll(url, defined[0], exports))));
        return exports;
      });
      modules.set(url, module);
      // Forgotten on failure, so that the next request tries the network again.
      module.catch(() => {
        if (modules.get(url) === module) modules.delete(url);
      });
    }
    return module;
  }

  return {
    defineEntry(dependencies, factory) {
      // Only `exports` and `require`: the build fails if the first script imports a chunk.
      const exports: Exports = {};
      factory(...resolveAll(entryUrl, dependencies, exports));
      modules.set(entryUrl, Promise.resolve(exports));
      return exports;
    },
    load: (file) => load(new URL(file, entryUrl).href),
  };
}

/** Adds a classic script for `url` like the first script's, resolving once it ran. */
function addScriptElement(url: string, define: Define, origin: LoaderOrigin): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    Object.defineProperty(script, DEFINE_PROPERTY, { value: define });
    if (origin.crossOrigin != null) script.crossOrigin = origin.crossOrigin;
    if (origin.nonce) script.nonce = origin.nonce;
    if (origin.referrerPolicy) script.referrerPolicy = origin.referrerPolicy;
    script.async = true;
    script.src = url;
    script.onload = () => {
      script.remove();
      resolve();
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`failed to load ${url}`));
    };
    document.head.append(script);
  });
}

/**
 * Where the running first script came from: `document.currentScript` while it runs; a script
 * pasted inline (no `src`) resolves its chunks against the page's base URL.
 */
export function currentOrigin(): LoaderOrigin {
  const page = typeof document === 'undefined' ? undefined : document;
  const script = (page?.currentScript ?? null) as HTMLScriptElement | null;
  if (script === null || !script.src) return { url: page?.baseURI || globalThis.location?.href || 'http://localhost/' };
  return {
    url: script.src,
    crossOrigin: script.crossOrigin,
    nonce: script.nonce,
    referrerPolicy: script.referrerPolicy,
  };
}
