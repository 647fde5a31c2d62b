/**
 * Shrinks the static text of Lit templates in the browser bundle without changing what they
 * render:
 *
 * - `css\`…\``: minified by esbuild's CSS minifier (comments, whitespace, shorter values);
 *   one with interpolations cannot be parsed alone and only has its line breaks collapsed.
 * - `html\`…\``, `svg\`…\``: every run of whitespace that holds a line break becomes one line
 *   break. The template keeps the same nodes and attributes, and a line break renders as the
 *   run did under `white-space: normal | nowrap | pre-line`; only an element whose static text
 *   is indented source under `pre`/`pre-wrap` would differ, and no template has one.
 *
 * Runs after the TypeScript transform (it parses JavaScript) and returns a source map, so the
 * bundle's map still points at the original lines.
 */
import { transform } from 'esbuild';

const TEMPLATE_TAGS = new Set(['html', 'svg']);
/** Tags whose functions read the cooked strings only (Lit's and @lit/localize's `str`). */
const COOKED_TAGS = new Set(['css', 'html', 'svg', 'str']);

/**
 * @param {{ include?: RegExp, cssTarget?: string[] }} [options]
 *   include: module ids to rewrite (default: our own TypeScript sources under src/);
 *   cssTarget: esbuild targets for the CSS, so it only uses syntax those browsers parse.
 */
export function minifyLitTemplates({ include = /\/src\/.*\.ts$/, cssTarget } = {}) {
  const stats = { css: 0, html: 0, before: 0, after: 0 };
  return {
    name: 'minify-lit-templates',
    async transform(code, id) {
      if (!include.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const edits = [];
      for (const node of taggedTemplates(this.parse(code))) {
        const tag = node.tag.name;
        const quasis = node.quasi.quasis;
        for (const quasi of quasis) {
          if (code.slice(quasi.start, quasi.end) !== quasi.value.raw) {
            this.error(`unexpected template positions in ${id}`);
          }
        }
        if (tag === 'css') {
          if (quasis.length !== 1 || quasis[0].value.cooked == null) {
            // CSS with interpolations cannot be parsed alone: only its line breaks shrink.
            edits.push(...collapseLineBreaks(quasis));
            stats.css += 1;
            continue;
          }
          const quasi = quasis[0];
          const result = await transform(quasi.value.cooked, {
            loader: 'css',
            minify: true,
            ...(cssTarget ? { target: cssTarget } : {}),
          });
          for (const warning of result.warnings) this.warn({ message: `CSS: ${warning.text}`, id, pos: quasi.start });
          edits.push({ start: quasi.start, end: quasi.end, text: escapeTemplateText(result.code.trim()) });
          stats.css += 1;
        } else if (TEMPLATE_TAGS.has(tag)) {
          edits.push(...collapseLineBreaks(quasis));
          stats.html += 1;
        }
        // Text the minifiers keep as written (a tag may read `raw`) is made ASCII here.
        for (const quasi of quasis) {
          if (/[^\x00-\x7f]/.test(quasi.value.raw) && !edits.some((edit) => edit.start === quasi.start)) {
            edits.push({ start: quasi.start, end: quasi.end, text: quasi.value.raw });
          }
        }
      }
      if (edits.length === 0) return null;
      for (const edit of edits) edit.text = escapeNonAscii(edit.text);
      const result = spliceWithSourceMap(code, edits, id);
      stats.before += code.length;
      stats.after += result.code.length;
      return result;
    },
    api: { stats },
  };
}

/** Every node of an ESTree AST (as `this.parse` gives it), depth first. */
export function* walk(node) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  if (typeof node.type === 'string') yield node;
  for (const key in node) {
    if (key !== 'type' && key !== 'start' && key !== 'end') yield* walk(node[key]);
  }
}

/** Tagged templates whose tag is a plain `css`, `html`, `svg` or `str` identifier. */
function* taggedTemplates(program) {
  for (const node of walk(program)) {
    if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && COOKED_TAGS.has(node.tag.name)) {
      yield node;
    }
  }
}

/** Edits that turn every run of whitespace holding a line break into one line break. */
function collapseLineBreaks(quasis) {
  const edits = [];
  for (const quasi of quasis) {
    const text = quasi.value.raw.replace(/[ \t\r\n]*\n[ \t\r\n]*/g, '\n');
    if (text !== quasi.value.raw) edits.push({ start: quasi.start, end: quasi.end, text });
  }
  return edits;
}

/**
 * `\uXXXX` for every non-ASCII UTF-16 unit: the same cooked string, and a bundle that reads
 * the same on a host page in any encoding (the minifiers escape strings, but keep the text of
 * tagged templates as written).
 */
function escapeNonAscii(text) {
  const escape = (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return text.replace(/\\[^]|[^\x00-\x7f]/g, (match) => {
    if (match.length === 1) return escape(match);
    if (match.charCodeAt(1) < 0x80) return match;
    // A backslash before a non-ASCII unit: a line continuation (U+2028, U+2029) or the unit itself.
    return match[1] === '\u2028' || match[1] === '\u2029' ? '' : escape(match[1]);
  });
}

/** Escapes cooked text so that it reads back the same inside a template literal. */
function escapeTemplateText(text) {
  return text.replace(/\\|`|\$\{/g, (match) => `\\${match}`);
}

/**
 * Applies non-overlapping edits and builds a source map from the result back to `code`, with
 * a mapping at every token of unchanged text and at the start of every replaced span.
 */
export function spliceWithSourceMap(code, edits, source) {
  edits.sort((a, b) => a.start - b.start);
  const originalLineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') originalLineStarts.push(i + 1);
  const originalPosition = (offset) => {
    let low = 0;
    let high = originalLineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (originalLineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return [low, offset - originalLineStarts[low]];
  };

  const lines = [[]];
  let output = '';
  let column = 0;
  // Unchanged text maps token by token; a replacement maps as a whole to where it started.
  const emit = (text, originalOffset, unchanged) => {
    for (const match of text.matchAll(/\n|\w+|[^\S\n]+|[^\w\s]+/g)) {
      if (match[0] === '\n') {
        lines.push([]);
        column = 0;
        continue;
      }
      if (unchanged || match.index === 0 || lines.at(-1).length === 0) {
        lines.at(-1).push([column, ...originalPosition(originalOffset + (unchanged ? match.index : 0))]);
      }
      column += match[0].length;
    }
    output += text;
  };

  let cursor = 0;
  for (const edit of edits) {
    emit(code.slice(cursor, edit.start), cursor, true);
    emit(edit.text, edit.start, false);
    cursor = edit.end;
  }
  emit(code.slice(cursor), cursor, true);

  let previousSourceLine = 0;
  let previousSourceColumn = 0;
  const mappings = lines
    .map((segments) => {
      let previousColumn = 0;
      return segments
        .map(([generatedColumn, line, sourceColumn]) => {
          const segment =
            vlq(generatedColumn - previousColumn) + vlq(0) + vlq(line - previousSourceLine) + vlq(sourceColumn - previousSourceColumn);
          previousColumn = generatedColumn;
          previousSourceLine = line;
          previousSourceColumn = sourceColumn;
          return segment;
        })
        .join(',');
    })
    .join(';');
  return { code: output, map: { version: 3, sources: [source], names: [], mappings } };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let encoded = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    encoded += BASE64[digit];
  } while (rest > 0);
  return encoded;
}
