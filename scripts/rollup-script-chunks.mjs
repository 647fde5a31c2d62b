/**
 * Turns a code-split rollup build into a `<script>` build: one classic script that runs on its
 * own (it registers the elements), and content-hashed chunks it loads on demand, resolved
 * relative to its own URL (see `src/script-tag/chunk-loader.ts`).
 *
 * - The output format is AMD, with the define call looked up on the running script element
 *   (`document.currentScript.weMeetingDefine`), so that chunks are classic scripts too and no
 *   global name is taken.
 * - The first script gets the loader in front of it, runs its own define at once and publishes
 *   its public exports (those of the entry module, not what it shares with chunks) as the
 *   global `globalName`. It must import no chunk statically: the build fails if it would,
 *   since its first paint would then wait for more than one file.
 * - Every dynamic `import()` asks for the target chunk and for every chunk that one imports,
 *   in one go, so a chunk's own imports do not load one after another.
 * - `layers` group what loads on demand into chunks by what a page needs together: each
 *   layer names the modules its code is imported through (`import()` targets); every module
 *   only they reach goes into that layer's chunk. A module two layers share goes into the
 *   first of them that the other always loads after (`after`), else into a `shared` chunk.
 *   What no layer names is chunked by rollup (a language's translations, say).
 * - `manifest` (a file name in the output directory) lists the chunks: file, name, the source
 *   modules in each, what each imports. The size check and the tests read it. Once written,
 *   chunk files no manifest in the directory lists (earlier builds') are removed.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { spliceWithSourceMap } from './rollup-minify-lit-templates.mjs';

export const DEFINE = 'document.currentScript.weMeetingDefine';
const LOADER_SOURCE = 'src/script-tag/chunk-loader.ts';

/**
 * @typedef {{ name: string, roots: RegExp, after?: string[] }} Layer
 *   `roots`: the ids of the modules the layer's code is imported through; `after`: the layers
 *   that are always loaded before this one (their shared modules go to them)
 * @param {{ globalName: string, manifest: string, layers?: Layer[] }} options
 */
export function scriptChunks({ globalName, manifest, layers = [] }) {
  let loader = '';
  return {
    name: 'script-chunks',
    async buildStart() {
      this.addWatchFile(LOADER_SOURCE);
      const result = await build({
        entryPoints: [LOADER_SOURCE],
        bundle: true,
        format: 'esm',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      });
      // The module's code without its closing export list: the first script calls it in place.
      const code = result.outputFiles[0].text;
      const exports = /\nexport \{[^}]*\};\s*$/.exec(code);
      if (exports === null || !/\bcreateChunkLoader\b/.test(exports[0]) || !/\bcurrentOrigin\b/.test(exports[0])) {
        this.error(`${LOADER_SOURCE} must end with an export list naming createChunkLoader and currentOrigin`);
      }
      loader = code.slice(0, exports.index);
    },
    outputOptions(options) {
      return {
        ...options,
        manualChunks: layerChunks(layers),
        format: 'amd',
        amd: { define: DEFINE, forceJsExtensionForImports: true },
        // What chunks share travels under short names (the first script's public names stay);
        // no Symbol.toStringTag or Object.freeze on the namespaces rollup makes.
        minifyInternalExports: true,
        generatedCode: { preset: 'es2015', symbols: false },
        freeze: false,
        chunkFileNames: 'chunks/[name]-[hash].js',
      };
    },
    renderDynamicImport({ format, chunk, targetChunk, getTargetChunkImports }) {
      if (format !== 'amd' || targetChunk === null) return null;
      const from = posix.dirname(chunk.fileName);
      const relative = (fileName) => {
        const path = posix.relative(from, fileName);
        return path.startsWith('.') ? path : `./${path}`;
      };
      // The first script is there already; everything else the target imports comes along.
      const also = (getTargetChunkImports() ?? [])
        .filter((imported) => imported.type === 'internal' && !imported.chunk.isEntry)
        .map((imported) => JSON.stringify(relative(imported.fileName)));
      return {
        left: 'new Promise(function (resolve, reject) { require([',
        right: `${also.map((file) => `, ${file}`).join('')}], resolve, reject); })`,
      };
    },
    async renderChunk(code, chunk) {
      if (!chunk.isEntry) return null;
      if (chunk.imports.length > 0) {
        this.error(`the first script ${chunk.fileName} imports ${chunk.imports.join(', ')}: it must run on its own`);
      }
      const prefix = `${DEFINE}(`;
      const start = code.indexOf(prefix);
      if (start === -1 || code.slice(0, start).trim() !== '') this.error(`${chunk.fileName} does not start with its define call`);
      const publicNames = [...(await exportedNames(this, chunk.facadeModuleId))].sort();
      const head = `(function () {\n${loader}\nvar loader = createChunkLoader(${JSON.stringify(chunk.fileName)}, currentOrigin());\nvar entry = loader.defineEntry(`;
      const tail = `\nvar api = {};\n${JSON.stringify(publicNames)}.forEach(function (name) { api[name] = entry[name]; });\nself[${JSON.stringify(globalName)}] = api;\n})();\n`;
      return spliceWithSourceMap(
        code,
        [
          { start, end: start + prefix.length, text: head },
          { start: code.length, end: code.length, text: tail },
        ],
        chunk.fileName,
      );
    },
    generateBundle(outputOptions, bundle) {
      const chunks = Object.values(bundle)
        .filter((file) => file.type === 'chunk')
        .map((chunk) => ({
          file: chunk.fileName,
          name: chunk.name,
          entry: chunk.isEntry,
          imports: chunk.imports,
          dynamicImports: chunk.dynamicImports,
          modules: Object.keys(chunk.modules)
            .filter((id) => !id.startsWith('\0') && !id.includes('?'))
            .map((id) => moduleName(id))
            .sort(),
        }));
      this.emitFile({ type: 'asset', fileName: manifest, source: `${JSON.stringify({ global: globalName, chunks }, null, 2)}\n` });
    },
    writeBundle(outputOptions) {
      const dir = outputOptions.dir;
      const chunksDir = join(dir, 'chunks');
      if (!existsSync(chunksDir)) return;
      const listed = new Set();
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.chunks.json'))) {
        for (const chunk of JSON.parse(readFileSync(join(dir, file), 'utf8')).chunks) listed.add(chunk.file);
      }
      for (const file of readdirSync(chunksDir)) {
        if (!listed.has(`chunks/${file.replace(/\.map$/, '')}`)) rmSync(join(chunksDir, file));
      }
    },
  };
}

/** The manual chunk of the first script's modules (the entry chunk). */
const FIRST = 'first-script';

/** rollup's `manualChunks` for `layers` (see {@link scriptChunks}). */
function layerChunks(layers) {
  /** @type {Map<string, string> | undefined} */
  let assigned;
  let assignedFor;
  return (id, { getModuleIds, getModuleInfo }) => {
    if (assignedFor !== getModuleInfo) {
      assignedFor = getModuleInfo;
      assigned = assignLayers(layers, [...getModuleIds()], getModuleInfo);
    }
    return assigned.get(id);
  };
}

/** Which chunk each module loaded on demand goes into, by the layers that reach it. */
function assignLayers(layers, ids, getModuleInfo) {
  const closure = (starts) => {
    const seen = new Set();
    const stack = [...starts];
    while (stack.length > 0) {
      const id = stack.pop();
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(getModuleInfo(id)?.importedIds ?? []));
    }
    return seen;
  };
  const normalized = (id) => id.replace(/\\/g, '/');
  const first = closure(ids.filter((id) => getModuleInfo(id)?.isEntry));
  /** @type {Map<string, Set<string>>} */
  const reachedBy = new Map();
  for (const layer of layers) {
    const roots = ids.filter((id) => layer.roots.test(normalized(id)));
    for (const id of closure(roots)) {
      if (first.has(id)) continue;
      if (!reachedBy.has(id)) reachedBy.set(id, new Set());
      reachedBy.get(id).add(layer.name);
    }
  }
  // Named too, or rollup would put a layer's static imports from the first script into the
  // layer's chunk: the first script's own modules stay with it.
  const assigned = new Map([...first].map((id) => [id, FIRST]));
  for (const [id, names] of reachedBy) {
    if (names.size === 1) {
      assigned.set(id, [...names][0]);
      continue;
    }
    // Shared: the layer every other one comes after, if there is one.
    const base = layers.find(
      (layer) => names.has(layer.name) && [...names].every((name) => name === layer.name || layers.find((other) => other.name === name)?.after?.includes(layer.name)),
    );
    assigned.set(id, base?.name ?? 'shared');
  }
  return assigned;
}

/** The names module `id` exports, `export *` followed (not what rollup adds for other chunks). */
async function exportedNames(context, id) {
  const names = new Set();
  for (const [source, bound] of Object.entries(context.getModuleInfo(id)?.exportedBindings ?? {})) {
    for (const name of bound) {
      if (name !== '*') {
        names.add(name);
        continue;
      }
      const resolved = await context.resolve(source, id);
      if (resolved === null) context.error(`cannot resolve ${source} from ${id}`);
      for (const starred of await exportedNames(context, resolved.id)) if (starred !== 'default') names.add(starred);
    }
  }
  return names;
}

/** A module id as the manifest names it: `src/…` for ours, `node_modules/<package>/…` for theirs. */
function moduleName(id) {
  const path = id.replace(/\\/g, '/').replace(/^\0/, '');
  const dependency = path.lastIndexOf('/node_modules/');
  if (dependency !== -1) return path.slice(dependency + 1);
  const own = path.lastIndexOf('/src/');
  return own !== -1 ? path.slice(own + 1) : path;
}
