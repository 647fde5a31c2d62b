import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, type TemplateResult } from 'lit';
import '../../src/elements/define-all.js';
import type { WeMeetingElement, WePollElement } from '../../src/index.js';
import { ChunkLoadError, LazyModule, LazyViews, lazyStyles } from '../../src/elements/internal/lazy.js';
import { localeLoaded } from '../../src/elements/internal/localize.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { query } from './helpers.js';

// What the elements load on demand: the loading state, the typed error and its Try again, and
// the first render in a language whose translations are not here yet.

/** A loader that fails `failures` times, then gives `value`; counts its calls. */
function flaky<T>(value: T, failures: number): { load: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    load: async () => {
      calls += 1;
      if (calls <= failures) throw new TypeError('Failed to fetch dynamically imported module');
      return value;
    },
    calls: () => calls,
  };
}

interface Views {
  view: (name: string) => TemplateResult;
}

let loader = flaky<Views>({ view: (name) => html`<p class="view">Hello ${name}</p>` }, 1);
const errors: ChunkLoadError[] = [];

/** A host element rendering views loaded on demand, as <we-chat> and <we-poll> do. */
class LazyHost extends LitElement {
  static override styles = [lazyStyles];
  module = new LazyModule('test views', () => loader.load());
  readonly views = new LazyViews(this, this.module, (error) => errors.push(error));

  protected override render(): TemplateResult {
    return this.views.render(({ view }) => view('Ada'));
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    return (await this.views.settled()) ? super.getUpdateComplete() : complete;
  }
}
customElements.define('lazy-host', LazyHost);

describe('loading on demand', () => {
  beforeEach(() => {
    errors.length = 0;
  });

  describe('LazyModule', () => {
    it('loads once for every caller, and gives the module', async () => {
      const once = flaky({ answer: 42 }, 0);
      const module = new LazyModule('answer', once.load);
      const [a, b] = await Promise.all([module.load(), module.load()]);
      expect(a).to.equal(b);
      expect(module.value).to.equal(a);
      expect(once.calls()).to.equal(1);
      await module.load();
      expect(once.calls()).to.equal(1);
    });

    it('rejects with a ChunkLoadError naming the part and keeping the cause, and loads again when asked again', async () => {
      const twice = flaky({ answer: 42 }, 1);
      const module = new LazyModule('media', twice.load);
      let error: unknown;
      await module.load().catch((caught: unknown) => (error = caught));
      expect(error).to.be.instanceOf(ChunkLoadError);
      const failure = error as ChunkLoadError;
      expect(failure.name).to.equal('ChunkLoadError');
      expect(failure.code).to.equal('chunk_load_failed');
      expect(failure.part).to.equal('media');
      expect(failure.message).to.equal('the media code could not be loaded; check the connection and try again');
      expect(failure.cause).to.be.instanceOf(TypeError);
      expect(module.error).to.equal(failure);
      expect(await module.load()).to.deep.equal({ answer: 42 });
      expect(module.error).to.equal(undefined);
      expect(twice.calls()).to.equal(2);
    });

    it('prefetch() swallows a failure; the next load() tries again', async () => {
      const twice = flaky({ answer: 42 }, 1);
      const module = new LazyModule('views', twice.load);
      module.prefetch();
      await waitUntil(() => module.error !== undefined);
      expect(await module.load()).to.deep.equal({ answer: 42 });
    });
  });

  describe('LazyViews', () => {
    it('shows the loading state, then the views', async () => {
      loader = flaky<Views>({ view: (name) => html`<p class="view">Hello ${name}</p>` }, 0);
      const element = document.createElement('lazy-host') as LazyHost;
      document.body.append(element);
      try {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await element.updateComplete;
        expect(element.shadowRoot!.querySelector('.view')!.textContent).to.equal('Hello Ada');
      } finally {
        element.remove();
      }
    });

    it('renders role=status "Loading…" while the views load', async () => {
      let resolve: (views: Views) => void = () => {};
      loader = { load: () => new Promise<Views>((done) => (resolve = done)), calls: () => 1 };
      const host = document.createElement('lazy-host') as LazyHost;
      document.body.append(host);
      try {
        await waitUntil(() => host.shadowRoot?.querySelector('[part="loading"]'), 'no loading state');
        const loading = host.shadowRoot!.querySelector('[part="loading"]')!;
        expect(loading.getAttribute('role')).to.equal('status');
        expect(loading.textContent).to.equal('Loading…');
        resolve({ view: (name) => html`<p class="view">Hi ${name}</p>` });
        await host.updateComplete;
        expect(host.shadowRoot!.querySelector('.view')!.textContent).to.equal('Hi Ada');
      } finally {
        host.remove();
      }
    });

    it('shows the error with Try again when loading fails, tells the host, and Try again loads the views', async () => {
      loader = flaky<Views>({ view: (name) => html`<p class="view">Hello ${name}</p>` }, 1);
      const element = await fixture<LazyHost>(html`<lazy-host></lazy-host>`);
      const failed = query(element, '[part="load-error"]')!;
      expect(failed.getAttribute('role')).to.equal('alert');
      expect(failed.textContent).to.contain('This part could not be loaded. Check the connection and try again.');
      expect(errors.map((error) => error.part)).to.deep.equal(['test views']);
      await expect(element).to.be.accessible();

      query<HTMLButtonElement>(element, '[part="retry"]')!.click();
      await element.updateComplete;
      expect(query(element, '.view')!.textContent).to.equal('Hello Ada');
      expect(query(element, '[part="load-error"]')).to.equal(null);
      expect(loader.calls()).to.equal(2);
    });
  });

  describe('<we-meeting>', () => {
    it('stops autojoin at the pre-join screen when getting the token fails, and does not try again by itself', async () => {
      let calls = 0;
      const client = new FakeMeetingClient();
      const element = await fixture<WeMeetingElement>(
        html`<we-meeting autojoin no-video no-audio meeting="123456789" .client=${client}
          .tokenProvider=${async () => {
            calls += 1;
            throw new Error('token service down');
          }}></we-meeting>`,
      );
      await waitUntil(() => query(element, '[part="error"]'), 'no error shown');
      expect(query(element, '[part="error"]')!.textContent).to.contain('token service down');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(calls).to.equal(1);
      expect(element.state).to.equal('idle');
      expect(query(element, '[part="join"]')).to.exist;
    });
  });

  describe('languages', () => {
    it('an element on a Chinese page renders its first frame in Chinese, once the translations arrived', async () => {
      expect(localeLoaded('zh-Hans')).to.equal(false, 'this file runs on its own page');
      const container = document.createElement('div');
      container.lang = 'zh-CN';
      const element = document.createElement('we-poll') as WePollElement;
      const frames: string[] = [];
      container.append(element);
      document.body.append(container);
      try {
        const observer = new MutationObserver(() => frames.push(element.shadowRoot!.textContent ?? ''));
        await waitUntil(() => element.shadowRoot !== null);
        observer.observe(element.shadowRoot!, { childList: true, subtree: true, characterData: true });
        await element.updateComplete;
        observer.disconnect();
        expect(localeLoaded('zh-Hans')).to.equal(true);
        expect(element.shadowRoot!.textContent).to.contain('投票');
        expect(frames.join(' ')).not.to.contain('Polls');
      } finally {
        container.remove();
      }
    });
  });
});
