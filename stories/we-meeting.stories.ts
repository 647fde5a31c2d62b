import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { RequestError } from '../src/core/errors.js';
import { MediaAccessError } from '../src/core/media/media-errors.js';
import { clearRecentMeetings, rememberMeeting } from '../src/core/recent-meetings.js';
import { POLICY_ACK_KEY } from '../src/elements/meeting/consent.js';
import { defineElement } from '../src/elements/internal/define.js';
import { WeChatElement } from '../src/elements/chat/chat-element.js';
import { WeMeetingElement } from '../src/elements/meeting/meeting-element.js';
import { WePollElement } from '../src/elements/poll/poll-element.js';
import {
  FakeMeetingClient,
  cameraDenied,
  microphoneDenied,
  serveClientConfig,
  serveRecordingNotice,
  type FakeClientOptions,
  type FakeParticipantInit,
} from './fake-meeting-client.js';
import type { FakeRecordingOptions } from './fake-recording.js';
import { storyArgs, type StoryArgs } from './story-args.js';

// Registered by a call rather than by importing define-all.js: bundlers drop that import
// because package.json's "sideEffects" names only the built files.
defineElement('we-meeting', WeMeetingElement);
defineElement('we-chat', WeChatElement);
defineElement('we-poll', WePollElement);

/** `<we-meeting>` in every state it can show, each running on a {@link FakeMeetingClient}. */
export default {
  title: 'Elements/we-meeting',
  component: 'we-meeting',
  // Reflected for the page to read; the element sets it.
  argTypes: { state: { control: false } },
};

const NAMES = ['Bob Martin', 'Carol Diaz', 'Dan Okafor', 'Eve Laurent', 'Farah Khan', 'Gus Nakamura', 'Hana Novak', 'Ivan Petrov'];

/** `count` others, the first of them speaking. */
function others(count: number): FakeParticipantInit[] {
  return NAMES.slice(0, count).map((displayName, index) => ({ id: `p${index + 1}`, displayName, mic: index % 3 === 0 }));
}

const avatar = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0e7490"/><circle cx="32" cy="25" r="12" fill="#e0f2fe"/><path d="M10 60c3-14 13-20 22-20s19 6 22 20" fill="#e0f2fe"/></svg>',
)}`;

function meeting(args: StoryArgs | undefined, options: FakeClientOptions) {
  const client = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Alice Smith', mic: true }, ...options });
  return html`<we-meeting style="height: 36rem" .client=${client} ${storyArgs(args)}></we-meeting>`;
}

export const PreJoin = {
  render: (args?: StoryArgs) =>
    html`<we-meeting
      display-name="Alice Smith"
      .client=${new FakeMeetingClient({ participants: others(3) })}
      .tokenProvider=${async () => 'story-token'}
      ${storyArgs(args)}
    ></we-meeting>`,
};

export const PreJoinWithMeetingId = {
  render: (args?: StoryArgs) =>
    html`<we-meeting
      meeting="123456789"
      display-name="Alice Smith"
      .client=${new FakeMeetingClient({ participants: others(3) })}
      .tokenProvider=${async () => 'story-token'}
      ${storyArgs(args)}
    ></we-meeting>`,
};

export const JoinedAlone = {
  render: (args?: StoryArgs) => meeting(args, {}),
};

export const JoinedFour = {
  render: (args?: StoryArgs) => meeting(args, { participants: others(3), activeSpeakerId: 'p1' }),
};

export const JoinedNine = {
  render: (args?: StoryArgs) => meeting(args, { participants: others(8), activeSpeakerId: 'p4' }),
};

export const ScreenShare = {
  render: (args?: StoryArgs) =>
    meeting(args, {
      participants: [{ id: 'p1', displayName: 'Bob Martin', mic: true, screen: true }, ...others(4).slice(1)],
      screenSharerId: 'p1',
      activeSpeakerId: 'p1',
    }),
};

export const MutedAndCameraOff = {
  render: (args?: StoryArgs) =>
    meeting(args, {
      self: { displayName: 'Alice Smith', camera: false },
      participants: [
        { id: 'p1', displayName: 'Bob Martin', camera: false, avatarUrl: avatar },
        { id: 'p2', displayName: 'Carol Diaz', camera: false },
        { id: 'p3', displayName: 'Dan Okafor', mic: true, audioMuted: true },
      ],
    }),
};

export const MediaPermissionDenied = {
  render: (args?: StoryArgs) =>
    meeting(args, {
      self: { displayName: 'Alice Smith', camera: false },
      participants: others(3),
      mediaIssues: [cameraDenied(), microphoneDenied()],
    }),
};

/** Opens the device settings once the element has rendered, as a click on its button would. */
async function openDeviceSettings(element: Element | undefined): Promise<void> {
  if (!(element instanceof WeMeetingElement)) return;
  await element.updateComplete;
  const toggle = element.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-controls="device-settings"]');
  if (toggle?.getAttribute('aria-expanded') === 'false') toggle.click();
}

export const DeviceSettingsOpen = {
  name: 'Device settings open',
  render: (args?: StoryArgs) => {
    const client = new FakeMeetingClient({
      state: 'joined',
      self: { displayName: 'Alice Smith', mic: true },
      participants: others(3),
      activeSpeakerId: 'p1',
    });
    return html`<we-meeting style="height: 40rem" .client=${client} ${ref(openDeviceSettings)} ${storyArgs(args)}></we-meeting>`;
  },
};

/** Clicks the toolbar button that opens the side panel named `name` (Chat or Polls). */
function openPanel(name: string) {
  return (element: Element | undefined) => {
    const button = [...(element?.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="toolbar"] button') ?? [])].find(
      (candidate) => candidate.textContent?.trim() === name,
    );
    if (button?.getAttribute('aria-expanded') === 'false') button.click();
  };
}

export const ChatOpen = {
  name: 'Chat open beside the stage',
  render: (args?: StoryArgs) => {
    const client = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Alice Smith', mic: true }, participants: others(3) });
    client.chat.receive({ senderId: 'p1', senderName: 'Bob Martin', text: 'Can everyone see the slides?' });
    client.chat.receive({ senderId: 'p2', senderName: 'Carol Diaz', text: 'Yes — and a question for later.', private: true });
    return html`<we-meeting style="height: 40rem" .client=${client} ${ref(openPanel('Chat'))} ${storyArgs(args)}></we-meeting>`;
  },
};

export const PollsOpen = {
  name: 'Polls open beside the stage (host)',
  render: (args?: StoryArgs) => {
    const client = new FakeMeetingClient({
      state: 'joined',
      self: { displayName: 'Alice Smith', role: 'host', mic: true },
      participants: others(3),
      polls: {
        polls: [
          {
            question: 'Which day suits the retrospective?',
            options: ['Tuesday', 'Thursday'],
            state: 'open',
            ballots: [
              { voter: { displayName: 'Bob Martin' }, choices: [0] },
              { voter: { displayName: 'Carol Diaz' }, choices: [1] },
            ],
          },
        ],
      },
    });
    return html`<we-meeting style="height: 40rem" .client=${client} ${ref(openPanel('Polls'))} ${storyArgs(args)}></we-meeting>`;
  },
};

/** Clicks the meeting control named `name` once the element has rendered, as a user would. */
async function clickControl(canvasElement: HTMLElement, name: string): Promise<void> {
  const element = canvasElement.querySelector('we-meeting')!;
  await element.updateComplete;
  const buttons = element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="toolbar"] button');
  [...buttons].find((button) => button.textContent?.trim() === name)?.click();
  await element.updateComplete;
}

/** The stage with the active speaker large and the others in a strip. */
export const SpeakerView = {
  name: 'Speaker view',
  render: (args?: StoryArgs) => meeting(args, { participants: others(5), activeSpeakerId: 'p1' }),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    await clickControl(canvasElement, 'Speaker view');
  },
};

/** A meeting control that failed (the screen could not be shared): the reason shows on the stage. */
export const ControlFailed = {
  name: 'Control failed',
  render: (args?: StoryArgs) =>
    meeting(args, {
      participants: others(3),
      screenShareError: new MediaAccessError('screen', 'denied', 'permission to share the screen was denied'),
    }),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    await clickControl(canvasElement, 'Share screen');
  },
};

/** Joining: the token is fetched and the client connects (this fake never finishes). */
export const Connecting = {
  render: (args?: StoryArgs) =>
    html`<we-meeting
      autojoin
      no-video
      no-audio
      meeting="123456789"
      token="story-token"
      .client=${new FakeMeetingClient({ holdJoin: true })}
      ${storyArgs(args)}
    ></we-meeting>`,
};

export const Reconnecting = {
  render: (args?: StoryArgs) => meeting(args, { state: 'reconnecting', participants: others(3) }),
};

export const Failed = {
  render: (args?: StoryArgs) =>
    html`<we-meeting
      autojoin
      no-video
      no-audio
      meeting="123456789"
      token="expired"
      .client=${new FakeMeetingClient({ joinError: new RequestError('hello', 'token_expired', 'the token has expired') })}
      ${storyArgs(args)}
    ></we-meeting>`,
};

/** Join from the pre-join screen refused by the server: the reason shows above the form. */
export const JoinRefused = {
  name: 'Join refused at pre-join',
  render: (args?: StoryArgs) =>
    html`<we-meeting
      meeting="123456789"
      display-name="Alice Smith"
      no-video
      no-audio
      .client=${new FakeMeetingClient({ joinError: new RequestError('hello', 'meeting_locked', 'the meeting is locked') })}
      .tokenProvider=${async () => 'story-token'}
      ${storyArgs(args)}
    ></we-meeting>`,
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const element = canvasElement.querySelector('we-meeting')!;
    await element.updateComplete;
    const join = () => element.shadowRoot!.querySelector<HTMLButtonElement>('[part="join"]');
    // Join is enabled once the server's configuration (nothing to confirm here) has arrived.
    for (let tries = 0; (join() === null || join()!.disabled) && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    join()?.click();
  },
};

export const Left = {
  render: (args?: StoryArgs) => html`<we-meeting .client=${new FakeMeetingClient({ state: 'left' })} ${storyArgs(args)}></we-meeting>`,
};

export const HostView = {
  name: 'Host view',
  render: (args?: StoryArgs) =>
    meeting(args, {
      self: { displayName: 'Alice Smith', role: 'host', mic: true },
      participants: [...others(3), { id: 'p9', displayName: 'Ivan Petrov', role: 'host' }],
      activeSpeakerId: 'p1',
      locked: true,
    }),
};

/** The host Alice with three others, the recording as `recording` says; `open` clicks the toolbar's recording button. */
function recordingMeeting(args: StoryArgs | undefined, recording: FakeRecordingOptions, options: FakeClientOptions = {}, open = false) {
  const client = new FakeMeetingClient({
    state: 'joined',
    self: { id: 'alice', displayName: 'Alice Smith', role: 'host', mic: true },
    participants: others(3),
    recording: { startedBy: { id: 'alice', displayName: 'Alice Smith' }, consentedAt: Date.now() - 60_000, ...recording },
    ...options,
  });
  return html`<we-meeting style="height: 36rem" .client=${client} ${ref(open ? openRecordingConfirm : undefined)} ${storyArgs(args)}></we-meeting>`;
}

/** Clicks the host's Start recording once the meeting screen is there: its confirmation opens. */
async function openRecordingConfirm(element: Element | undefined): Promise<void> {
  if (!(element instanceof WeMeetingElement)) return;
  await element.updateComplete;
  const toggle = element.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-controls="recording-confirm"]');
  if (toggle?.getAttribute('aria-expanded') === 'false') toggle.click();
}

export const RecordingHostIdle = {
  name: 'Recording: host, not recording (confirmation open)',
  render: (args?: StoryArgs) => recordingMeeting(args, { state: 'off' }, {}, true),
};

export const RecordingStarting = {
  name: 'Recording: starting',
  render: (args?: StoryArgs) => recordingMeeting(args, { state: 'starting', startedAt: Date.now() }),
};

export const RecordingOn = {
  name: 'Recording: on, with the indicator',
  render: (args?: StoryArgs) => recordingMeeting(args, { state: 'on', startedAt: Date.now() - 65_000 }),
};

export const RecordingNotice = {
  name: 'Recording: notice to a participant',
  render: (args?: StoryArgs) =>
    recordingMeeting(
      args,
      { state: 'on', startedBy: { id: 'p1', displayName: 'Bob Martin' }, startedAt: Date.now() - 5_000, consentedAt: undefined },
      { self: { id: 'alice', displayName: 'Alice Smith', mic: true } },
    ),
};

export const RecordingStopping = {
  name: 'Recording: stopping',
  render: (args?: StoryArgs) => recordingMeeting(args, { state: 'stopping' }),
};

export const RecordingStoppedDiskFull = {
  name: 'Recording: stopped by the server, its disk full',
  render: (args?: StoryArgs) => recordingMeeting(args, { state: 'off', stoppedBecause: 'disk_full' }),
};

export const HandRaisedAndReaction = {
  name: 'Hand raised and reaction',
  render: (args?: StoryArgs) => {
    const client = new FakeMeetingClient({
      state: 'joined',
      self: { displayName: 'Alice Smith', mic: true },
      participants: others(3).map((init, index) => (index === 1 ? { ...init, handRaised: true } : init)),
    });
    // Sent once the tiles are on screen; the long duration keeps it there for a look.
    const react = async (element: Element | undefined) => {
      if (!(element instanceof WeMeetingElement)) return;
      await element.updateComplete;
      client.sendReaction('p1', '👏');
    };
    return html`<we-meeting style="height: 36rem" reaction-duration="600000" .client=${client} ${ref(react)} ${storyArgs(args)}></we-meeting>`;
  },
};

export const RemovedByHost = {
  name: 'Removed by host',
  render: (args?: StoryArgs) => html`<we-meeting .client=${new FakeMeetingClient({ state: 'left', endReason: 'removed' })} ${storyArgs(args)}></we-meeting>`,
};

export const MeetingEnded = {
  name: 'Meeting ended',
  render: (args?: StoryArgs) => html`<we-meeting .client=${new FakeMeetingClient({ state: 'left', endReason: 'meeting_ended' })} ${storyArgs(args)}></we-meeting>`,
};

export const JoinedElsewhere = {
  name: 'Joined from another window',
  render: (args?: StoryArgs) => html`<we-meeting .client=${new FakeMeetingClient({ state: 'left', endReason: 'replaced' })} ${storyArgs(args)}></we-meeting>`,
};

export const SessionExpired = {
  name: 'Session expired',
  render: (args?: StoryArgs) => html`<we-meeting .client=${new FakeMeetingClient({ state: 'left', endReason: 'token_expired' })} ${storyArgs(args)}></we-meeting>`,
};

const CONSENT_SERVER = 'https://consent.we-meeting.invalid';

export const PreJoinWithPolicyAndAgeGate = {
  name: 'Pre-join with policy and age gate',
  render: (args?: StoryArgs) => {
    serveClientConfig(CONSENT_SERVER, {
      policy: { version: '2025-01', url: 'https://example.com/privacy' },
      ageGate: true,
    });
    // A Join in an earlier look acknowledged this version; the story shows it unacknowledged.
    try {
      localStorage.removeItem(POLICY_ACK_KEY);
    } catch {
      // No storage: nothing was acknowledged either.
    }
    return html`<we-meeting
      server=${CONSENT_SERVER}
      meeting="123456789"
      display-name="Alice Smith"
      .client=${new FakeMeetingClient({ participants: others(3) })}
      .tokenProvider=${async () => 'story-token'}
      ${storyArgs(args)}
    ></we-meeting>`;
  },
};

/** A server whose meeting is being recorded (its answers come from a stub). */
const RECORDED_SERVER = 'https://recorded.we-meeting.invalid';

export const PreJoinRecordingNotice = {
  name: 'Pre-join: the meeting is being recorded (consent before joining)',
  render: (args?: StoryArgs) => {
    serveClientConfig(RECORDED_SERVER, { policy: null, ageGate: false });
    serveRecordingNotice(RECORDED_SERVER, '123456780', {
      recordingId: 'rec-1',
      startedBy: { displayName: 'Bob Martin' },
      startedAt: Date.now() - 120_000,
    });
    return html`<we-meeting
      server=${RECORDED_SERVER}
      meeting="123456780"
      display-name="Alice Smith"
      autojoin
      .client=${new FakeMeetingClient({ participants: others(3) })}
      .tokenProvider=${async () => 'story-token'}
      ${storyArgs(args)}
    ></we-meeting>`;
  },
};

export const PreJoinWithRecentMeetings = {
  name: 'Pre-join with recent meetings',
  render: (args?: StoryArgs) => {
    const now = Date.now();
    clearRecentMeetings();
    rememberMeeting({ id: '555123987', joinedAt: now - 14 * 86_400_000 });
    rememberMeeting({ id: '987654321', topic: 'Design review', joinedAt: now - 86_400_000 });
    rememberMeeting({ id: '123456789', topic: 'Weekly sync', joinedAt: now - 3_600_000 });
    // Opened, so the list shows without a click.
    const open = async (element: Element | undefined) => {
      if (!(element instanceof WeMeetingElement)) return;
      await element.updateComplete;
      const recent = element.shadowRoot?.querySelector('details[part="recent"]');
      if (recent instanceof HTMLDetailsElement) recent.open = true;
    };
    return html`<we-meeting
      display-name="Alice Smith"
      .client=${new FakeMeetingClient({ participants: others(3) })}
      .tokenProvider=${async () => 'story-token'}
      ${ref(open)}
      ${storyArgs(args)}
    ></we-meeting>`;
  },
};

export const MaskedNames = {
  name: 'Masked names',
  render: (args?: StoryArgs) => {
    const client = new FakeMeetingClient({
      state: 'joined',
      self: { displayName: '13812345678', role: 'host', mic: true },
      participants: [
        { id: 'p1', displayName: 'bob.martin@example.com', mic: true, camera: false },
        { id: 'p2', displayName: 'Carol +44 7700 900123', screen: true },
        { id: 'p3', displayName: 'Dan Okafor', camera: false },
      ],
      screenSharerId: 'p2',
    });
    const react = async (element: Element | undefined) => {
      if (!(element instanceof WeMeetingElement)) return;
      await element.updateComplete;
      client.sendReaction('p1', '👍');
    };
    return html`<we-meeting style="height: 36rem" reaction-duration="600000" .client=${client} ${ref(react)} ${storyArgs(args)}></we-meeting>`;
  },
};
