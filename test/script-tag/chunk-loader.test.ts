import { expect } from '@open-wc/testing';
import { createChunkLoader, type Define } from '../../src/script-tag/chunk-loader.js';

// The loader of the `<script>` builds, with chunk files as the build writes them.
const FIRST_SCRIPT = new URL('./fixtures/entry.js', import.meta.url).href;

function firstScript(base = 20) {
  const loader = createChunkLoader('entry.js', { url: FIRST_SCRIPT, crossOrigin: 'anonymous', nonce: 'n0nce' });
  loader.defineEntry(['exports'], (exports) => {
    (exports as { base: number }).base = base;
  });
  return loader;
}

describe('chunk loader of the script builds', () => {
  it('runs the first script\'s define at once and gives its exports to the chunks that import it', async () => {
    const loader = createChunkLoader('entry.js', { url: FIRST_SCRIPT });
    let ran = false;
    const exports = loader.defineEntry(['exports'], (target) => {
      ran = true;
      (target as { base: number }).base = 1;
    });
    expect(ran).to.equal(true);
    expect(exports).to.deep.equal({ base: 1 });
    const chunk = (await loader.load('chunks/answer.js')) as { answer: number };
    expect(chunk.answer).to.equal(22);
  });

  it('resolves chunk files relative to the first script\'s URL, not the page', async () => {
    const chunk = (await firstScript().load('chunks/answer.js')) as { answer: number };
    expect(chunk.answer).to.equal(41);
    const added = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(added).to.include(new URL('./fixtures/chunks/answer.js', import.meta.url).href);
  });

  it('gives chunk scripts the first script\'s crossorigin and nonce, and removes them once they ran', async () => {
    const chunk = (await firstScript().load('chunks/answer.js')) as { crossOrigin: string; nonce: string };
    expect(chunk.crossOrigin).to.equal('anonymous');
    expect(chunk.nonce).to.equal('n0nce');
    expect(document.querySelectorAll('script[src*="/fixtures/chunks/"]').length).to.equal(0);
  });

  it('asks for every chunk an import() needs in one go, and gives the first one\'s exports', async () => {
    const requested: string[] = [];
    const loader = createChunkLoader('entry.js', { url: FIRST_SCRIPT }, async (url: string, define: Define) => {
      requested.push(url.slice(url.indexOf('/chunks/')));
      if (url.endsWith('/lazy.js')) define(['require', 'exports'], (require, exports) => {
        (exports as { require: unknown }).require = require;
      });
      else define(['exports'], (exports) => {
        (exports as { file: string }).file = url;
      });
    });
    loader.defineEntry(['exports'], () => undefined);
    const lazy = (await loader.load('chunks/lazy.js')) as { require: (files: string[], resolve: (value: unknown) => void, reject: (error: Error) => void) => void };
    const loaded = await new Promise<{ file: string }>((resolve, reject) => {
      lazy.require(['./a.js', './b.js'], resolve as (value: unknown) => void, reject);
    });
    expect(loaded.file).to.match(/\/chunks\/a\.js$/);
    expect(requested).to.deep.equal(['/chunks/lazy.js', '/chunks/a.js', '/chunks/b.js']);
  });

  it('loads a chunk once however many ask for it', async () => {
    let adds = 0;
    const loader = createChunkLoader('entry.js', { url: FIRST_SCRIPT }, async (_url, define) => {
      adds += 1;
      define(['exports'], () => undefined);
    });
    const [a, b] = await Promise.all([loader.load('chunks/x.js'), loader.load('./chunks/x.js')]);
    expect(a).to.equal(b);
    expect(adds).to.equal(1);
  });

  it('rejects when a chunk fails to load, and fetches it again when asked again', async () => {
    let attempts = 0;
    const loader = createChunkLoader('entry.js', { url: FIRST_SCRIPT }, async (_url, define) => {
      attempts += 1;
      if (attempts === 1) throw new Error('network down');
      define(['exports'], (exports) => {
        (exports as { ok: boolean }).ok = true;
      });
    });
    let error: unknown;
    await loader.load('chunks/flaky.js').catch((caught: unknown) => (error = caught));
    expect((error as Error).message).to.equal('network down');
    expect(await loader.load('chunks/flaky.js')).to.deep.equal({ ok: true });
    expect(attempts).to.equal(2);
  });

  it('rejects for a missing file with its URL, and leaves no script element behind', async () => {
    let error: unknown;
    await firstScript().load('chunks/missing.js').catch((caught: unknown) => (error = caught));
    expect((error as Error).message).to.contain('/fixtures/chunks/missing.js');
    expect(document.querySelectorAll('script[src*="/fixtures/chunks/"]').length).to.equal(0);
  });

  it('rejects for a file that defines no module', async () => {
    const loader = createChunkLoader('entry.js', { url: FIRST_SCRIPT }, async () => undefined);
    let error: unknown;
    await loader.load('chunks/empty.js').catch((caught: unknown) => (error = caught));
    expect((error as Error).message).to.contain('defined no module');
  });

  it('keeps two copies of a script apart: each loads its chunks next to its own first script', async () => {
    const seen: string[] = [];
    const copy = (url: string) =>
      createChunkLoader('we-meeting.js', { url }, async (chunkUrl, define) => {
        seen.push(chunkUrl);
        define(['exports'], () => undefined);
      });
    await copy('https://cdn-a.example/sdk/we-meeting.js').load('chunks/media-AAAAAAAA.js');
    await copy('https://cdn-b.example/v2/we-meeting.js').load('chunks/media-AAAAAAAA.js');
    expect(seen).to.deep.equal(['https://cdn-a.example/sdk/chunks/media-AAAAAAAA.js', 'https://cdn-b.example/v2/chunks/media-AAAAAAAA.js']);
  });
});
