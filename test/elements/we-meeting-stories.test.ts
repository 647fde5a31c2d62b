import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import type { WeMeetingElement } from '../../src/elements/meeting/meeting-element.js';
import * as stories from '../../stories/we-meeting.stories.js';
import type { StoryArgs } from '../../stories/story-args.js';
import './we-meeting-client-config.js';

interface Story {
  render: () => TemplateResult;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
}

/** Renders a story into its own canvas and runs its play function, as Storybook would. */
async function show(story: Story): Promise<WeMeetingElement> {
  const canvasElement = await fixture<HTMLDivElement>(html`<div>${story.render()}</div>`);
  await story.play?.({ canvasElement });
  const element = canvasElement.querySelector('we-meeting')!;
  await element.updateComplete;
  return element;
}

function text(element: WeMeetingElement): string {
  return element.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

function settledText(element: WeMeetingElement, expected: string): Promise<void> {
  return waitUntil(() => text(element).includes(expected), `story never showed "${expected}"`);
}

const EXPECTED: Record<string, string> = {
  PreJoin: 'Join a meeting',
  PreJoinWithMeetingId: 'Join meeting 123 456 789',
  JoinedAlone: 'Alice Smith (you)',
  JoinedFour: 'Dan Okafor',
  JoinedNine: 'Ivan Petrov',
  ScreenShare: 'Bob Martin',
  MutedAndCameraOff: 'Turn camera on',
  MediaPermissionDenied: 'permission to use the camera was denied',
  DeviceSettingsOpen: 'Default camera',
  ChatOpen: 'Connected',
  PollsOpen: 'Connected',
  SpeakerView: 'Grid view',
  ControlFailed: 'permission to share the screen was denied',
  Connecting: 'Connecting…',
  Reconnecting: 'Reconnecting…',
  Failed: 'the token has expired (token_expired)',
  JoinRefused: 'the meeting is locked (meeting_locked)',
  Left: 'You left the meeting',
  HostView: 'Locked',
  HandRaisedAndReaction: 'Hand raised',
  RemovedByHost: 'The host removed you from the meeting',
  MeetingEnded: 'The host ended the meeting',
  JoinedElsewhere: 'You joined this meeting from another window or device.',
  SessionExpired: 'Your session expired. Join again to continue.',
  PreJoinWithPolicyAndAgeGate: 'I have read and accept the privacy policy',
  PreJoinWithRecentMeetings: 'Weekly sync',
  MaskedNames: 'b***@example.com',
  RecordingHostIdle: 'Record this meeting?',
  RecordingStarting: 'Recording starts…',
  RecordingOn: 'Recording 1:0',
  RecordingNotice: 'Agree and stay',
  RecordingStopping: 'Recording stops…',
  RecordingStoppedDiskFull: 'ran out of disk space',
  PreJoinRecordingNotice: 'Agree and join',
};

function tiles(element: WeMeetingElement): number {
  return element.shadowRoot!.querySelectorAll('[part~="tile"]').length;
}

describe('we-meeting stories', () => {
  const named = Object.entries(stories).filter(([name]) => name !== 'default') as [string, Story][];

  it('every story has an expectation here', () => {
    expect(named.map(([name]) => name).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const [name, story] of named) {
    it(`${name} shows its state`, async () => {
      await settledText(await show(story), EXPECTED[name]!);
    });
  }

  it('JoinedAlone, JoinedFour and JoinedNine show 1, 4 and 9 tiles', async () => {
    expect(tiles(await show(stories.JoinedAlone))).to.equal(1);
    expect(tiles(await show(stories.JoinedFour))).to.equal(4);
    expect(tiles(await show(stories.JoinedNine))).to.equal(9);
  });

  it('ScreenShare shows the shared screen', async () => {
    const element = await show(stories.ScreenShare);
    await waitUntil(() => element.shadowRoot!.querySelector('[part~="screen"]'), 'no shared screen');
  });

  it('ChatOpen and PollsOpen show the chat and the polls beside the stage', async () => {
    const chat = await show(stories.ChatOpen);
    await waitUntil(() => chat.shadowRoot!.querySelector('[part~="panel"] we-chat'), 'no chat beside the stage');
    const polls = await show(stories.PollsOpen);
    await waitUntil(() => polls.shadowRoot!.querySelector('[part~="panel"] we-poll'), 'no polls beside the stage');
  });

  it('the joined, pre-join and error stories are accessible', async () => {
    for (const story of [stories.JoinedFour, stories.PreJoin, stories.ControlFailed, stories.JoinRefused, stories.Connecting, stories.RecordingNotice, stories.RecordingOn]) {
      const element = await show(story);
      await element.updateComplete;
      await expect(element).to.be.accessible();
    }
  });

  it('storyArgs() applies the Controls panel\'s attributes, custom properties and event listeners, and undoes them on reset', async () => {
    const canvas = await fixture<HTMLDivElement>(html`<div></div>`);
    const show = (args: StoryArgs) => render(stories.Left.render(args), canvas);
    const events: string[] = [];
    show({});
    const element = canvas.querySelector('we-meeting')!;
    expect(element.hasAttribute('theme')).to.equal(false);

    show({ theme: 'light', 'no-video': true, '--we-meeting-primary': '#ff0000', onWeStateChange: (event: Event) => events.push(event.type) });
    expect(canvas.querySelector('we-meeting')).to.equal(element);
    expect(element.getAttribute('theme')).to.equal('light');
    expect(element.getAttribute('no-video')).to.equal('');
    expect(element.style.getPropertyValue('--we-meeting-primary')).to.equal('#ff0000');
    element.dispatchEvent(new Event('we-state-change'));
    expect(events).to.deep.equal(['we-state-change']);

    show({});
    expect(element.hasAttribute('theme')).to.equal(false);
    expect(element.hasAttribute('no-video')).to.equal(false);
    expect(element.style.getPropertyValue('--we-meeting-primary')).to.equal('');
    element.dispatchEvent(new Event('we-state-change'));
    expect(events).to.have.length(1);
  });
});
