import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { LitElement, TemplateResult } from 'lit';
import '../../src/elements/define-all.js';
import { PALETTES, type ThemeName } from '../../src/elements/internal/base.styles.js';
import * as chatStories from '../../stories/we-chat.stories.js';
import * as historyStories from '../../stories/we-history.stories.js';
import * as meetingStories from '../../stories/we-meeting.stories.js';
import * as pollStories from '../../stories/we-poll.stories.js';
import { FakeMeetingClient } from './fake-client.js';
import { button, query } from './helpers.js';
import './we-meeting-client-config.js';

type Tag = 'we-meeting' | 'we-chat' | 'we-poll' | 'we-history';
const TAGS: readonly Tag[] = ['we-meeting', 'we-chat', 'we-poll', 'we-history'];

/** `#rrggbb` as getComputedStyle() reports it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

function background(element: Element): string {
  return getComputedStyle(element).backgroundColor;
}

/** Each element in a state with something on screen, with `attributes` set. */
async function render(tag: Tag, attributes = ''): Promise<LitElement> {
  const holder = await fixture<HTMLDivElement>(html`<div></div>`);
  holder.innerHTML = `<${tag} ${attributes}></${tag}>`;
  const element = holder.firstElementChild as LitElement;
  if (tag !== 'we-history') (element as unknown as { client: FakeMeetingClient }).client = new FakeMeetingClient({ state: 'joined' });
  await element.updateComplete;
  return element;
}

async function colourScheme(scheme: 'light' | 'dark'): Promise<void> {
  await emulateMedia({ colorScheme: scheme });
  await waitUntil(() => matchMedia(`(prefers-color-scheme: ${scheme})`).matches, `prefers-color-scheme never became ${scheme}`);
}

interface Story {
  render: () => TemplateResult;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
}

/** Renders a story as Storybook would, sets `theme` on its element and waits for `shows`. */
async function showStory(tag: Tag, story: Story, theme: ThemeName, shows: string): Promise<LitElement> {
  const canvasElement = await fixture<HTMLDivElement>(html`<div>${story.render()}</div>`);
  const element = canvasElement.querySelector<LitElement>(tag)!;
  element.setAttribute('theme', theme);
  await story.play?.({ canvasElement });
  const text = (): string => {
    const parts = [element.shadowRoot!.textContent ?? ''];
    for (const nested of element.shadowRoot!.querySelectorAll('we-chat, we-poll')) parts.push(nested.shadowRoot?.textContent ?? '');
    return parts.join(' ').replace(/\s+/g, ' ');
  };
  await waitUntil(() => text().includes(shows), `${tag} never showed "${shows}"`);
  await element.updateComplete;
  return element;
}

/** The states whose colours matter, per element, and a text each shows once it has settled. */
const STORIES: Record<Tag, [string, Story, string][]> = {
  'we-meeting': [
    ['pre-join', meetingStories.PreJoin, 'Join'],
    ['joined as a host', meetingStories.HostView, 'End meeting for all'],
    ['chat beside the stage', meetingStories.ChatOpen, 'Can everyone see the slides?'],
    ['polls beside the stage', meetingStories.PollsOpen, 'Which day suits the retrospective?'],
    ['device settings', meetingStories.DeviceSettingsOpen, 'Microphone'],
    ['hand raised', meetingStories.HandRaisedAndReaction, 'Hand raised'],
    ['media denied', meetingStories.MediaPermissionDenied, 'was denied'],
    ['failed', meetingStories.Failed, 'the token has expired'],
    ['left', meetingStories.Left, 'Rejoin'],
  ],
  'we-chat': [
    ['conversation', chatStories.Conversation, 'Private'],
    ['undecryptable', chatStories.Undecryptable, 'could not be decrypted'],
    ['send error', chatStories.SendError, 'too quickly'],
    ['safety number', chatStories.SafetyNumberShown, 'Safety number'],
  ],
  'we-poll': [
    ['host with results', pollStories.HostNamedResults, 'Who voted'],
    ['host form', pollStories.HostCreateForm, 'Create poll'],
    ['host error', pollStories.HostError, 'connection to the meeting was lost'],
    ['participant voting', pollStories.ParticipantNamed, 'the host will see your choice'],
    ['participant with shared results', pollStories.ParticipantSharedResults, '5 voters'],
  ],
  'we-history': [
    ['list', historyStories.List, 'Load more'],
    ['details', historyStories.Details, 'Which day suits the offsite?'],
    ['server error', historyStories.ServerError, 'internal server error'],
  ],
};

describe('themes', () => {
  let systemDark: boolean;

  before(() => {
    systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
  });

  after(async () => {
    await emulateMedia({ colorScheme: systemDark ? 'dark' : 'light' });
  });

  for (const tag of TAGS) {
    describe(`<${tag}>`, () => {
      it('theme="light" renders the light palette', async () => {
        await colourScheme('dark');
        const element = await render(tag, 'theme="light"');
        expect(background(element)).to.equal(rgb(PALETTES.light.background));
        expect(getComputedStyle(element).color).to.equal(rgb(PALETTES.light.color));
        expect(getComputedStyle(element).colorScheme).to.equal('light');
      });

      it('theme="dark" renders the dark palette', async () => {
        await colourScheme('light');
        const element = await render(tag, 'theme="dark"');
        expect(background(element)).to.equal(rgb(PALETTES.dark.background));
        expect(getComputedStyle(element).color).to.equal(rgb(PALETTES.dark.color));
        expect(getComputedStyle(element).colorScheme).to.equal('dark');
      });

      it('follows prefers-color-scheme without a theme attribute', async () => {
        const element = await render(tag);
        await colourScheme('dark');
        expect(background(element)).to.equal(rgb(PALETTES.dark.background));
        await colourScheme('light');
        expect(background(element)).to.equal(rgb(PALETTES.light.background));
      });

      it('the theme property reflects to the attribute, and removing it follows the system again', async () => {
        await colourScheme('dark');
        const element = (await render(tag)) as LitElement & { theme: ThemeName | undefined };
        element.theme = 'light';
        await element.updateComplete;
        expect(element.getAttribute('theme')).to.equal('light');
        expect(background(element)).to.equal(rgb(PALETTES.light.background));
        element.theme = undefined;
        await element.updateComplete;
        expect(element.hasAttribute('theme')).to.equal(false);
        expect(background(element)).to.equal(rgb(PALETTES.dark.background));
      });

      it(`--${tag}-* custom properties win over both themes`, async () => {
        for (const theme of ['light', 'dark'] as const) {
          const element = await render(tag, `theme="${theme}" style="--${tag}-background: #123456; --${tag}-color: #fedcba"`);
          expect(background(element), theme).to.equal('rgb(18, 52, 86)');
          expect(getComputedStyle(element).color, theme).to.equal('rgb(254, 220, 186)');
        }
      });

      for (const theme of ['light', 'dark'] as const) {
        it(`is accessible in the ${theme} theme`, async () => {
          for (const [state, story, shows] of STORIES[tag]) {
            const element = await showStory(tag, story, theme, shows);
            expect(background(element), state).to.equal(rgb(PALETTES[theme].background));
            try {
              await expect(element).to.be.accessible();
            } catch (error) {
              throw new Error(`${state} (${theme}): ${(error as Error).message}`);
            }
          }
        });
      }
    });
  }

  describe('parts', () => {
    it('the meeting’s fields and the chat’s message box take the surface colour of the theme', async () => {
      for (const theme of ['light', 'dark'] as const) {
        const meeting = await fixture<LitElement>(html`<we-meeting theme=${theme} .client=${new FakeMeetingClient()}></we-meeting>`);
        await waitUntil(() => query(meeting, '[part="prejoin"] input'), 'no pre-join field');
        expect(background(query(meeting, '[part="prejoin"] input')!), theme).to.equal(rgb(PALETTES[theme].surface));
        const chat = await render('we-chat', `theme="${theme}"`);
        expect(background(query(chat, '[part="input"]')!), theme).to.equal(rgb(PALETTES[theme].surface));
      }
    });

    it('the user’s own chat messages take the own-message colours of the theme', async () => {
      for (const theme of ['light', 'dark'] as const) {
        const chat = await showStory('we-chat', chatStories.Conversation, theme, 'Private');
        const own = query(chat, '[part~="own"]')!;
        expect(background(own), theme).to.equal(rgb(PALETTES[theme]['own-background']));
        expect(getComputedStyle(own).color, theme).to.equal(rgb(PALETTES[theme]['own-color']));
      }
    });
  });

  describe('inside <we-meeting>', () => {
    async function meetingWithChat(theme: ThemeName) {
      const client = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Alice', camera: false } });
      const meeting = await fixture<LitElement>(html`<we-meeting theme=${theme} .client=${client}></we-meeting>`);
      button(meeting, 'Chat')!.click();
      await meeting.updateComplete;
      const chat = query<LitElement>(meeting, 'we-chat')!;
      await chat.updateComplete;
      return { meeting, chat, poll: query<LitElement>(meeting, 'we-poll')! };
    }

    it('the chat and the polls follow the meeting’s theme over the system’s', async () => {
      await colourScheme('dark');
      const { chat, poll } = await meetingWithChat('light');
      expect(background(chat)).to.equal(rgb(PALETTES.light.background));
      expect(getComputedStyle(chat).colorScheme).to.equal('light');
      expect(getComputedStyle(poll).getPropertyValue('--_theme-background').trim()).to.equal(PALETTES.light.background);
    });

    it('a theme of their own wins over the meeting’s', async () => {
      await colourScheme('light');
      const { chat } = await meetingWithChat('light');
      chat.setAttribute('theme', 'dark');
      expect(background(chat)).to.equal(rgb(PALETTES.dark.background));
    });

    it('--we-meeting-* custom properties style them too, and --we-chat-* ones win', async () => {
      const { meeting, chat } = await meetingWithChat('dark');
      meeting.style.setProperty('--we-meeting-background', '#123456');
      expect(background(chat)).to.equal('rgb(18, 52, 86)');
      chat.style.setProperty('--we-chat-background', '#654321');
      expect(background(chat)).to.equal('rgb(101, 67, 33)');
    });
  });
});
