import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceMap } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAst } from 'rollup/parseAst';

// The rollup plugins of the `<script>` build, on small inputs.
const scripts = (name: string) => pathToFileURL(resolve('scripts', name)).href;

interface TransformResult {
  code: string;
  map: { version: number; sources: string[]; names: string[]; mappings: string };
}
const { minifyLitTemplates } = (await import(scripts('rollup-minify-lit-templates.mjs'))) as {
  minifyLitTemplates: () => { transform: (this: unknown, code: string, id: string) => Promise<TransformResult | null> };
};

async function minify(code: string): Promise<TransformResult> {
  const warnings: string[] = [];
  const context = {
    parse: (text: string) => parseAst(text),
    warn: (warning: { message: string }) => warnings.push(warning.message),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const result = await minifyLitTemplates().transform.call(context, code, '/project/src/elements/x.ts');
  assert.ok(result, 'the module changed');
  assert.deepEqual(warnings, []);
  return result;
}

test('minifyLitTemplates() minifies css`…` with esbuild, keeping escapes', async () => {
  const { code } = await minify(
    [
      'const styles = css`',
      '  /* a comment */',
      '  :host {',
      '    display: block;',
      '    margin: 0px 0px 0px 0px;',
      "    quotes: '\\\\201C' '\\\\201D';",
      '  }',
      '`;',
    ].join('\n'),
  );
  assert.equal(code, "const styles = css`:host{display:block;margin:0;quotes:\"\\\\201c\" \"\\\\201d\"}`;");
});

test('minifyLitTemplates() collapses line breaks in interpolated css`…` and leaves its expressions', async () => {
  const { code } = await minify('const styles = css`\n  :host {\n    ${tokens}\n  }\n`;');
  assert.equal(code, 'const styles = css`\n:host {\n${tokens}\n}\n`;');
});

test('minifyLitTemplates() turns each whitespace run with a line break in html`…` into one line break', async () => {
  const { code } = await minify(
    'const view = html`\n    <p class="a\n       b">\n      ${name}  and  ${other}\n    </p>\n    <span>x</span> <span>y</span>\n  `;',
  );
  assert.equal(code, 'const view = html`\n<p class="a\nb">\n${name}  and  ${other}\n</p>\n<span>x</span> <span>y</span>\n`;');
});

test('minifyLitTemplates() leaves other tagged templates and plain strings alone', async () => {
  const context = { parse: (text: string) => parseAst(text), warn() {}, error() {} };
  const source = 'const a = str`\n  x\n`;\nconst b = `\n  y\n`;';
  assert.equal(await minifyLitTemplates().transform.call(context, source, '/project/src/a.ts'), null);
});

test('minifyLitTemplates() maps code after a shortened template back to its original line and column', async () => {
  const source = 'const view = html`\n    <p>\n      hi\n    </p>\n  `;\nexport const after = 42;\n';
  const { code, map } = await minify(source);
  const line = code.split('\n').findIndex((text) => text.includes('after'));
  const column = code.split('\n')[line]?.indexOf('after') ?? -1;
  const payload = { file: 'x.js', sourceRoot: '', sourcesContent: [source], ...map };
  const entry = new SourceMap(payload).findEntry(line, column) as { originalLine: number; originalColumn: number };
  assert.deepEqual([entry.originalLine, entry.originalColumn], [5, source.split('\n')[5]?.indexOf('after')]);
});
