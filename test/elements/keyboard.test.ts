import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../src/elements/define-all.js';
import * as chatStories from '../../stories/we-chat.stories.js';
import * as historyStories from '../../stories/we-history.stories.js';
import * as meetingStories from '../../stories/we-meeting.stories.js';
import * as pollStories from '../../stories/we-poll.stories.js';
import './we-meeting-client-config.js';

type Tag = 'we-meeting' | 'we-chat' | 'we-poll' | 'we-history';

interface Story {
  render: () => TemplateResult;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
}

/** The focused element, looking into shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function shadowText(element: Element): string {
  const parts = [element.shadowRoot!.textContent ?? ''];
  for (const nested of element.shadowRoot!.querySelectorAll('we-chat, we-poll')) parts.push(nested.shadowRoot?.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** Renders a story between two buttons outside it and waits for it to show `shows`. */
async function showStory(tag: Tag, story: Story, shows: string) {
  const canvasElement = await fixture<HTMLDivElement>(
    html`<div><button id="before">before</button>${story.render()}<button id="after">after</button></div>`,
  );
  await story.play?.({ canvasElement });
  const element = canvasElement.querySelector(tag)!;
  await waitUntil(() => shadowText(element).includes(shows), `${tag} never showed "${shows}"`);
  // Focus moved by the story's own clicks would start the walk in the middle.
  (document.activeElement as HTMLElement | null)?.blur();
  return { element, before: canvasElement.querySelector<HTMLButtonElement>('#before')!, after: canvasElement.querySelector('#after')! };
}

/**
 * What a keyboard user must be able to reach, nested elements included: every enabled,
 * rendered control, and one radio button per group (arrow keys move within a group).
 */
function reachable(host: Element): string[] {
  const found = new Set<string>();
  const walk = (root: ShadowRoot): void => {
    for (const node of root.querySelectorAll<HTMLElement>('*')) {
      if (node.shadowRoot) walk(node.shadowRoot);
      if (!node.matches('button, input, select, textarea, a[href], summary, [tabindex]')) continue;
      if (node.matches(':disabled, [tabindex="-1"]') || !node.checkVisibility()) continue;
      found.add(controlName(node));
    }
  };
  walk(host.shadowRoot!);
  return [...found];
}

/** A control as the assertions name it: a radio by its group, others by their label or text. */
function controlName(node: Element): string {
  if (node instanceof HTMLInputElement && node.type === 'radio') return `radio group ${node.name}`;
  const label = (node as HTMLInputElement).labels?.[0]?.cloneNode(true) as HTMLLabelElement | undefined;
  // A picker's options load late; its name is the label's own text.
  label?.querySelectorAll('select').forEach((picker) => picker.remove());
  const name = node.getAttribute('aria-label') ?? label?.textContent ?? node.textContent ?? '';
  return `${node.localName} "${name.replace(/\s+/g, ' ').trim()}"`;
}

/** Presses Tab from `before` until focus reaches `after`, checking each stop's focus ring. */
async function tabThrough(before: HTMLElement, after: Element): Promise<string[]> {
  before.focus();
  const visited: string[] = [];
  for (let presses = 0; presses < 80; presses++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActiveElement();
    if (active === after) return visited;
    expect(active, `focus left the element after ${visited.join(', ')}`).to.exist;
    const style = getComputedStyle(active!);
    const label = controlName(active!);
    expect(style.outlineStyle, `${label} has no focus outline`).not.to.equal('none');
    expect(Number.parseFloat(style.outlineWidth), `${label} has a thin focus outline`).to.be.at.least(2);
    visited.push(label);
  }
  throw new Error(`Tab never left the element: ${visited.join(', ')}`);
}

const STATES: [Tag, string, Story, string][] = [
  ['we-meeting', 'pre-join', meetingStories.PreJoin, 'Join'],
  ['we-meeting', 'joined as a host', meetingStories.HostView, 'End meeting for all'],
  ['we-meeting', 'chat beside the stage', meetingStories.ChatOpen, 'Can everyone see the slides?'],
  ['we-meeting', 'polls beside the stage', meetingStories.PollsOpen, 'Which day suits the retrospective?'],
  ['we-meeting', 'device settings', meetingStories.DeviceSettingsOpen, 'Microphone'],
  ['we-meeting', 'left', meetingStories.Left, 'Rejoin'],
  ['we-chat', 'conversation with links', chatStories.LongMessageWithLinks, 'https://'],
  ['we-chat', 'safety number', chatStories.SafetyNumberShown, 'Safety number'],
  ['we-poll', 'host with results', pollStories.HostNamedResults, 'Who voted'],
  ['we-poll', 'host form', pollStories.HostCreateForm, 'Create poll'],
  ['we-poll', 'participant voting with radio buttons', pollStories.ParticipantNamed, 'the host will see your choice'],
  ['we-poll', 'participant voting with checkboxes', pollStories.ParticipantAnonymous, 'nobody, not even the host'],
  ['we-history', 'list', historyStories.List, 'Load more'],
  ['we-history', 'details', historyStories.Details, 'Which day suits the offsite?'],
];

describe('keyboard', () => {
  for (const [tag, state, story, shows] of STATES) {
    it(`<${tag}> ${state}: Tab reaches every control, each with a visible focus outline`, async () => {
      const { element, before, after } = await showStory(tag, story, shows);
      const visited = await tabThrough(before, after);
      const expected = reachable(element);
      expect(expected, 'nothing to reach').not.to.be.empty;
      expect([...new Set(visited)]).to.have.members(expected);
    });
  }
});
