import { expect, fixture, html } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../src/elements/define-all.js';
import { WeChatElement, WePollElement } from '../../src/index.js';
import type { CompanionElement } from '../../src/elements/internal/companion.js';
import { meetingClientContext } from '../../src/elements/internal/meeting-context.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';

const SERVER = 'ws://localhost:1';

function joined(): FakeMeetingClient {
  return new FakeMeetingClient({ state: 'joined', self: { id: 'self', displayName: 'Alice', camera: false } });
}

/** The companion elements: one contract for how `for` and `client` resolve. */
const COMPANIONS = [
  { tag: 'we-chat', Element: WeChatElement },
  { tag: 'we-poll', Element: WePollElement },
] as const;

let defined = 0;

for (const { tag, Element } of COMPANIONS) {
  describe(`<${tag}> as a companion element`, () => {
    async function beside(client: FakeMeetingClient, id: string, extra = '') {
      const wrapper = document.createElement('div');
      wrapper.innerHTML = `<we-meeting id="${id}" server="${SERVER}"></we-meeting><${tag} for="${id}" ${extra}></${tag}>`;
      (wrapper.querySelector('we-meeting') as { client?: unknown }).client = client;
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(wrapper);
      const element = wrapper.querySelector(tag) as CompanionElement;
      await element.updateComplete;
      return element;
    }

    it('client is the client in use when it comes through for', async () => {
      const client = joined();
      const element = await beside(client, `${tag}-for`);
      expect(element.for).to.equal(`${tag}-for`);
      expect(element.client).to.equal(client);
      expect(client.listenerCount()).to.be.greaterThan(0);
    });

    it('client is the client in use when it comes from the enclosing meeting', async () => {
      const client = joined();
      const wrapper = document.createElement('div');
      const provider = new ContextProvider(wrapper, { context: meetingClientContext, initialValue: client });
      const element = document.createElement(tag) as CompanionElement;
      wrapper.append(element);
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(wrapper);
      await element.updateComplete;
      expect(element.client).to.equal(client);
      provider.setValue(undefined);
      await element.updateComplete;
      expect(element.client).to.equal(undefined);
      expect(client.listenerCount()).to.equal(0);
    });

    it('a client set on the element wins over for, and undefined goes back to for', async () => {
      const meetingClient = joined();
      const own = joined();
      const element = await beside(meetingClient, `${tag}-own`);
      // The <we-meeting> listens to its client too: the element's own listeners are the difference.
      const followed = meetingClient.listenerCount();
      element.client = own;
      await element.updateComplete;
      expect(element.client).to.equal(own);
      expect(meetingClient.listenerCount()).to.be.lessThan(followed);
      element.client = undefined;
      await element.updateComplete;
      expect(element.client).to.equal(meetingClient);
      expect(own.listenerCount()).to.equal(0);
      expect(own.closed).to.equal(false);
    });

    it('follows for when it changes', async () => {
      const first = joined();
      const element = await beside(first, `${tag}-first`);
      const followed = first.listenerCount();
      const second = joined();
      const other = document.createElement('we-meeting');
      other.id = `${tag}-second`;
      (other as { client?: unknown }).client = second;
      element.parentElement!.append(other);
      element.setAttribute('for', `${tag}-second`);
      await element.updateComplete;
      expect(element.client).to.equal(second);
      expect(first.listenerCount()).to.be.lessThan(followed);
    });

    it('takes over a client set before the element was defined', async () => {
      const client = joined();
      const name = `${tag}-early-${++defined}`;
      const early = document.createElement(name) as HTMLElement & { client?: unknown };
      early.client = client;
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(early);
      const Base = Element as typeof WeChatElement;
      customElements.define(name, class extends Base {});
      const element = early as unknown as CompanionElement;
      await element.updateComplete;
      expect(element.client).to.equal(client);
      expect(client.listenerCount()).to.be.greaterThan(0);
    });
  });
}
