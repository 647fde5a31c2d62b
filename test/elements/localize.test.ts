import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { MeetingSummary } from '../../src/core/records/index.js';
import { localeContext, pickLocale } from '../../src/elements/internal/localize.js';
import { templates } from '../../src/elements/locales/zh-Hans.js';
import type { WeChatElement, WeHistoryElement, WeMeetingElement, WePollElement } from '../../src/index.js';

// Every source module the elements load is read back below to collect the message ids they
// use: keep their resource timings, which the elements are imported (dynamically) to create.
performance.setResourceTimingBufferSize(10_000);
const { FakeMeetingClient } = await import('./fake-client.js');
await import('./we-meeting-client-config.js');
await import('../../src/elements/define-all.js');

/** The element's shadow text with runs of white space as one space. */
function text(element: Element): string {
  return element.shadowRoot!.textContent!.replace(/\s+/gu, ' ');
}

/** Waits until the element shows `expected` (locale changes arrive through a MutationObserver). */
async function shows(element: Element, expected: string): Promise<void> {
  await waitUntil(() => text(element).includes(expected), `never showed "${expected}"; showed "${text(element)}"`);
}

function joinedClient() {
  return new FakeMeetingClient({
    state: 'joined',
    self: { id: 'alice', displayName: 'Alice', camera: false },
    participants: [{ id: 'bob', displayName: 'Bob', camera: false }],
  });
}

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const MEETING: MeetingSummary = {
  id: '600000001',
  topic: 'Weekly sync',
  creatorUserId: 'hana',
  startedAt: T0,
  endedAt: T0 + 1_800_000,
  participantCount: 3,
};

/** Answers the records API with one meeting and an empty access log. */
async function recordsFetch(input: string): Promise<Response> {
  const path = new URL(input, location.origin).pathname;
  if (path === '/api/meetings') return Response.json({ meetings: [MEETING] });
  if (path === '/api/audit') return Response.json({ entries: [] });
  return Response.json({ error: 'no such meeting' }, { status: 404 });
}

describe('localization', () => {
  const documentLang = document.documentElement.getAttribute('lang');

  afterEach(() => {
    if (documentLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', documentLang);
  });

  describe('pickLocale()', () => {
    it('gives Simplified Chinese to zh, zh-CN, zh-SG and zh-Hans tags', () => {
      for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-CN', 'zh-Hans-HK', 'ZH-cn', 'zh_CN']) {
        expect(pickLocale(tag), tag).to.equal('zh-Hans');
      }
    });

    it('falls back to English for Traditional Chinese', () => {
      for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-CN']) expect(pickLocale(tag), tag).to.equal('en');
    });

    it('gives English to every other language and to empty or malformed tags', () => {
      for (const tag of ['en', 'en-GB', 'fr', 'de-CH', 'ja', '', '   ', 'not a tag', null, undefined]) {
        expect(pickLocale(tag), String(tag)).to.equal('en');
      }
    });
  });

  describe('localeContext()', () => {
    it('formats with the tag when it is in the chosen language, else with the locale', () => {
      expect(localeContext('en-GB')).to.deep.equal({ locale: 'en', format: 'en-GB' });
      expect(localeContext('zh-SG')).to.deep.equal({ locale: 'zh-Hans', format: 'zh-SG' });
      expect(localeContext('fr')).to.deep.equal({ locale: 'en', format: 'en' });
      expect(localeContext('zh-TW')).to.deep.equal({ locale: 'en', format: 'en' });
      expect(localeContext('')).to.deep.equal({ locale: 'en', format: 'en' });
    });
  });

  describe('<we-meeting>', () => {
    it('renders English by default', async () => {
      const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
      await shows(element, 'Join a meeting');
      expect(text(element)).to.contain('Your name');
    });

    it('switches to Chinese when its lang attribute is set, and back when it is removed', async () => {
      const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
      element.setAttribute('lang', 'zh-CN');
      await shows(element, '加入会议');
      expect(text(element)).to.contain('你的名字');
      expect(text(element)).to.contain('会议号');
      expect(text(element)).not.to.contain('Join a meeting');
      element.removeAttribute('lang');
      await shows(element, 'Join a meeting');
    });

    it('follows the document language as it changes', async () => {
      const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
      document.documentElement.lang = 'zh-Hans';
      await shows(element, '加入会议');
      document.documentElement.lang = 'zh-TW';
      await shows(element, 'Join a meeting');
      document.documentElement.lang = 'zh';
      await shows(element, '加入会议');
      document.documentElement.lang = 'en';
      await shows(element, 'Join a meeting');
    });

    it('prefers its own lang over the document language', async () => {
      document.documentElement.lang = 'zh-CN';
      const element = await fixture<WeMeetingElement>(html`<we-meeting lang="en" no-video no-audio></we-meeting>`);
      await shows(element, 'Join a meeting');
    });

    it('translates the meeting controls, and the chat and polls beside the stage speak its language', async () => {
      const element = await fixture<WeMeetingElement>(html`<we-meeting lang="zh-CN" .client=${joinedClient()}></we-meeting>`);
      const toolbar = element.shadowRoot!.querySelector('[role="toolbar"]')!;
      expect(toolbar.getAttribute('aria-label')).to.equal('会议控制');
      const names = [...toolbar.querySelectorAll('button')].map((button) => button.textContent!.trim());
      expect(names).to.include.members(['离开', '共享屏幕', '聊天', '投票', '举手', '设备设置']);
      const chat = element.shadowRoot!.querySelector('we-chat')!;
      const polls = element.shadowRoot!.querySelector('we-poll')!;
      await shows(chat, '端到端加密');
      await shows(polls, '投票');
      element.setAttribute('lang', 'en');
      await shows(chat, 'End-to-end encrypted');
      await waitUntil(() => toolbar.getAttribute('aria-label') === 'Meeting controls');
    });

    it('is accessible in Chinese', async () => {
      const element = await fixture<WeMeetingElement>(html`<we-meeting lang="zh-CN" meeting="123456789" no-video no-audio></we-meeting>`);
      await shows(element, '加入会议 123 456 789');
      await expect(element).to.be.accessible();
    });

    it('is accessible in Chinese while joined', async () => {
      const element = await fixture<WeMeetingElement>(html`<we-meeting lang="zh-CN" .client=${joinedClient()}></we-meeting>`);
      await shows(element, '已连接');
      await expect(element).to.be.accessible();
    });
  });

  describe('<we-chat>', () => {
    it('switches between English and Chinese with its lang and the document language', async () => {
      const element = await fixture<WeChatElement>(html`<we-chat .client=${joinedClient()}></we-chat>`);
      await shows(element, 'No messages yet');
      element.lang = 'zh-CN';
      await shows(element, '暂无消息');
      expect(element.shadowRoot!.querySelector('textarea')!.placeholder).to.equal('给所有人发消息');
      element.removeAttribute('lang');
      await shows(element, 'No messages yet');
      document.documentElement.lang = 'zh-CN';
      await shows(element, '暂无消息');
    });

    it('is accessible in Chinese', async () => {
      const element = await fixture<WeChatElement>(html`<we-chat lang="zh-CN" .client=${joinedClient()}></we-chat>`);
      await shows(element, '发送');
      await expect(element).to.be.accessible();
    });
  });

  describe('<we-poll>', () => {
    it('follows the nearest ancestor with a lang', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="zh-CN"><we-poll></we-poll></div>`);
      const element = wrapper.querySelector<WePollElement>('we-poll')!;
      await shows(element, '会议期间，投票会显示在这里。');
      wrapper.lang = 'en-GB';
      await shows(element, 'Polls appear here during a meeting.');
      document.documentElement.lang = 'zh-CN';
      wrapper.removeAttribute('lang');
      await shows(element, '会议期间，投票会显示在这里。');
    });

    it('is accessible in Chinese', async () => {
      const client = new FakeMeetingClient({
        state: 'joined',
        self: { displayName: 'Hana', role: 'host' },
        polls: { polls: [{ id: 'lunch', question: 'Lunch?', options: ['Pizza', 'Salad'], multiple: false, anonymous: false, shareResults: true, state: 'open' }] },
      });
      const element = await fixture<WePollElement>(html`<we-poll lang="zh-CN" .client=${client}></we-poll>`);
      await shows(element, '新建投票');
      expect(text(element)).to.contain('结束投票');
      await expect(element).to.be.accessible();
    });
  });

  describe('<we-history>', () => {
    it('switches languages, dates included', async () => {
      const element = await fixture<WeHistoryElement>(html`<we-history token="t" .fetch=${recordsFetch}></we-history>`);
      await shows(element, 'Weekly sync');
      const started = () => element.shadowRoot!.querySelector('tbody time')!.textContent;
      expect(started()).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(T0));
      element.lang = 'zh-CN';
      await shows(element, '我的会议');
      expect(started()).to.equal(new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(T0));
      document.documentElement.lang = 'zh-CN';
      element.lang = 'en-GB';
      await shows(element, 'Your meetings');
      expect(started()).to.equal(new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(T0));
    });

    it('is accessible in Chinese', async () => {
      const element = await fixture<WeHistoryElement>(html`<we-history lang="zh-CN" token="t" .fetch=${recordsFetch}></we-history>`);
      await shows(element, '访问日志');
      await expect(element).to.be.accessible();
    });
  });

  it('renders each element in its own language, side by side', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <we-chat lang="zh-CN" .client=${joinedClient()}></we-chat>
      <we-chat .client=${joinedClient()}></we-chat>
    </div>`);
    const [chinese, english] = wrapper.querySelectorAll('we-chat');
    await shows(chinese!, '暂无消息');
    await shows(english!, 'No messages yet');
    expect(text(english!)).not.to.contain('暂无消息');
  });

  describe('translations', () => {
    async function xliffUnits(): Promise<Map<string, string>> {
      const response = await fetch(new URL('../../xliff/zh-Hans.xlf', import.meta.url));
      const xliff = new DOMParser().parseFromString(await response.text(), 'application/xml');
      return new Map([...xliff.querySelectorAll('trans-unit')].map((unit) => [unit.id, unit.querySelector('target')?.textContent ?? '']));
    }

    it('has a Chinese translation for every message in the XLIFF file', async () => {
      const units = await xliffUnits();
      expect(units.size).to.be.above(250);
      const untranslated = [...units].filter(([, target]) => target.trim() === '').map(([id]) => id);
      expect(untranslated).to.deep.equal([]);
    });

    it('built the locale module from the XLIFF file as it is', async () => {
      const units = await xliffUnits();
      expect(Object.keys(templates).sort()).to.deep.equal([...units.keys()].sort());
    });

    it('has every message id the elements use in the locale module', async () => {
      const sources = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).pathname.startsWith('/src/elements/'));
      expect(sources.some((url) => url.endsWith('/meeting/toolbar.ts'))).to.equal(true);
      const used = new Set<string>();
      for (const url of sources) {
        const code = await (await fetch(url)).text();
        for (const match of code.matchAll(/\bid:\s*["'`]((?:meeting|chat|poll|history)(?:\.[\w-]+)*)["'`]/gu)) used.add(match[1]!);
      }
      expect(used.size).to.be.above(250);
      const missing = [...used].filter((id) => !(id in templates));
      expect(missing).to.deep.equal([]);
    });
  });
});
