import { expect, waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import { WeLeaveEvent } from '../../src/index.js';
import { cameraDenied, microphoneDenied, type FakeParticipantInit } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, joinedMeeting, query, queryAll, nextEvent } from './helpers.js';

const FOUR: FakeParticipantInit[] = [
  { id: 'bob', displayName: 'Bob' },
  { id: 'carol', displayName: 'Carol', camera: false },
  { id: 'dan', displayName: 'Dan', mic: true },
];

describe('<we-meeting> stage', () => {
  it('shows one tile per participant, self first, with names', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice' }, participants: FOUR });
    const tiles = queryAll(element, '[part="tile"]');
    expect(tiles.map((tile) => tile.dataset['participantId'])).to.deep.equal(['self', 'bob', 'carol', 'dan']);
    expect(tiles[0]!.textContent).to.contain('Alice (you)');
    expect(tiles[1]!.textContent).to.contain('Bob');
    expect(query(element, '[role="status"]')!.textContent).to.match(/Connected.*123 456 789.*as Alice/s);
  });

  it('is accessible when joined', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice' }, participants: FOUR, activeSpeakerId: 'bob' });
    await expect(element).to.be.accessible();
  });

  it('shows camera video, or initials when the camera is off', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice' }, participants: FOUR });
    const bobVideo = query<HTMLVideoElement>(element, '[data-participant-id="bob"] video')!;
    expect(bobVideo.srcObject).to.be.instanceOf(MediaStream);
    expect(bobVideo.muted && bobVideo.autoplay).to.equal(true);
    expect(bobVideo.hasAttribute('playsinline')).to.equal(true);
    const carol = query(element, '[data-participant-id="carol"]')!;
    expect(carol.querySelector('video')).to.equal(null);
    expect(carol.querySelector('.initials')!.textContent).to.equal('C');
  });

  it('plays each remote microphone through its own audio element', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true }, participants: FOUR });
    const audios = queryAll<HTMLAudioElement>(element, 'audio');
    expect(audios.map((audio) => audio.dataset['participantId'])).to.deep.equal(['dan']);
    expect(audios[0]!.autoplay).to.equal(true);
    expect(audios[0]!.srcObject).to.be.instanceOf(MediaStream);
  });

  it('marks a muted microphone with accessible text', async () => {
    const { element, client } = await joinedMeeting({ participants: FOUR });
    expect(query(element, '[data-participant-id="dan"]')!.textContent).not.to.contain('Microphone muted');
    expect(query(element, '[data-participant-id="bob"]')!.textContent).to.contain('Microphone muted');
    client.updateParticipant('dan', { audioMuted: true });
    await element.updateComplete;
    expect(query(element, '[data-participant-id="dan"]')!.textContent).to.contain('Microphone muted');
  });

  it('highlights the active speaker', async () => {
    const { element, client } = await joinedMeeting({ participants: FOUR });
    expect(queryAll(element, '[data-speaking]')).to.have.length(0);
    client.setActiveSpeaker('carol');
    await element.updateComplete;
    const speaking = queryAll(element, '[data-speaking]');
    expect(speaking.map((tile) => tile.dataset['participantId'])).to.deep.equal(['carol']);
    expect(speaking[0]!.classList.contains('speaking')).to.equal(true);
  });

  it('switches to speaker view and back', async () => {
    const { element, client } = await joinedMeeting({ participants: FOUR, activeSpeakerId: 'dan' });
    button(element, 'Speaker view')!.click();
    await element.updateComplete;
    expect(query(element, '.main [part="tile"]')!.dataset['participantId']).to.equal('dan');
    expect(queryAll(element, '.strip [part="tile"]')).to.have.length(3);
    client.setActiveSpeaker('bob');
    await element.updateComplete;
    expect(query(element, '.main [part="tile"]')!.dataset['participantId']).to.equal('bob');
    button(element, 'Grid view')!.click();
    await element.updateComplete;
    expect(query(element, '.main')).to.equal(null);
    expect(button(element, 'Speaker view')).to.exist;
  });

  it('shows a shared screen prominently with the cameras in a strip', async () => {
    const { element, client } = await joinedMeeting({ participants: FOUR });
    client.shareScreen('bob');
    await element.updateComplete;
    const screen = query(element, '[part="screen"]')!;
    expect(screen.dataset['participantId']).to.equal('bob');
    expect(screen.querySelector('video')!.srcObject).to.be.instanceOf(MediaStream);
    expect(queryAll(element, '.strip [part="tile"]')).to.have.length(4);
    expect(button(element, 'Speaker view')).to.equal(undefined);
    await expect(element).to.be.accessible();
  });

  it('tells the client which remote videos are visible', async () => {
    const { element, client } = await joinedMeeting({ participants: FOUR });
    await waitUntil(() => client.callsOf('setVideoVisibility').length >= 2, 'no visibility reports');
    const reports = client.callsOf('setVideoVisibility') as [string, string, boolean, number | undefined][];
    const ids = reports.filter(([, , visible]) => visible).map(([id]) => id);
    expect(ids).to.include.members(['bob', 'dan']);
    expect(ids).not.to.include('self');
    const [, source, , height] = reports.find(([id]) => id === 'bob')!;
    expect(source).to.equal('camera');
    expect(height).to.be.greaterThan(0);
    client.participantLeaves('dan');
    await element.updateComplete;
    expect(client.callsOf('setVideoVisibility').at(-1)).to.deep.equal(['dan', 'camera', false, undefined]);
  });

  it('shows media problems in a status notice and disables the affected controls', async () => {
    const { element } = await joinedMeeting({
      self: { displayName: 'Alice', camera: false },
      participants: FOUR,
      mediaIssues: [cameraDenied()],
    });
    const status = query(element, '[role="status"]')!.textContent!;
    expect(status).to.contain('permission to use the camera was denied — you joined without video');
    const camera = button(element, 'Turn camera on')!;
    expect(camera.disabled).to.equal(true);
    expect(camera.title).to.contain('permission to use the camera was denied');
    expect(button(element, 'Unmute microphone')!.disabled).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('shows a media problem reported after joining', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', camera: false } });
    client.addMediaIssue(microphoneDenied());
    await element.updateComplete;
    expect(query(element, '[role="status"]')!.textContent).to.contain('you joined without audio');
    expect(button(element, 'Unmute microphone')!.disabled).to.equal(true);
  });
});

describe('<we-meeting> toolbar', () => {
  it('is a labelled toolbar of buttons', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    const toolbar = query(element, '[role="toolbar"]')!;
    expect(toolbar.getAttribute('aria-label')).to.equal('Meeting controls');
    const names = [...toolbar.querySelectorAll('button')].map((b) => b.textContent!.trim());
    expect(names).to.deep.equal([
      'Mute microphone',
      'Turn camera off',
      'Share screen',
      'Speaker view',
      'Device settings',
      'Raise hand',
      'Reactions',
      'Chat',
      'Polls',
      'Leave',
    ]);
  });

  it('opens the chat and the polls beside the stage, one at a time, both on its client', async () => {
    const { element } = await joinedMeeting({
      self: { displayName: 'Alice', mic: true },
      participants: [{ id: 'bob', displayName: 'Bob' }],
      polls: { polls: [{ question: 'Lunch at noon?', options: ['Yes', 'No'], state: 'open' }] },
    });
    const panel = query(element, '[part~="panel"]')!;
    expect(panel.hidden).to.equal(true);
    button(element, 'Chat')!.click();
    await element.updateComplete;
    const chat = query(element, 'we-chat')!;
    const poll = query(element, 'we-poll')!;
    expect(panel.hidden).to.equal(false);
    expect(chat.hidden).to.equal(false);
    expect(poll.hidden).to.equal(true);
    expect(button(element, 'Chat')!.getAttribute('aria-expanded')).to.equal('true');
    // Both found the meeting's client through its context.
    const recipients = () => [...(chat.shadowRoot?.querySelectorAll('option') ?? [])].map((option) => option.textContent!.trim());
    await waitUntil(() => recipients().includes('Bob'), 'chat not on the client');
    await waitUntil(() => poll.shadowRoot?.textContent?.includes('Lunch at noon?'), 'polls not on the client');
    button(element, 'Polls')!.click();
    await element.updateComplete;
    expect(chat.hidden).to.equal(true);
    expect(poll.hidden).to.equal(false);
    button(element, 'Polls')!.click();
    await element.updateComplete;
    expect(panel.hidden).to.equal(true);
  });

  it('re-exports the side panel chat and poll parts with a prefix', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice' } });
    const exported = (selector: string) => query(element, selector)!.getAttribute('exportparts')!.split(', ');
    expect(exported('we-chat')).to.include.members(['message: chat-message', 'send: chat-send', 'input: chat-input']);
    expect(exported('we-poll')).to.include.members(['poll: poll-poll', 'vote: poll-vote', 'bar: poll-bar']);
  });

  it('adds the host controls before Leave for a host', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', role: 'host', mic: true } });
    const names = [...query(element, '[role="toolbar"]')!.querySelectorAll('button')].map((b) => b.textContent!.trim());
    expect(names.slice(-4)).to.deep.equal(['Mute all', 'Lock meeting', 'End meeting for all', 'Leave']);
  });

  it('mutes and unmutes the microphone', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    button(element, 'Mute microphone')!.click();
    await waitUntil(() => button(element, 'Unmute microphone'));
    button(element, 'Unmute microphone')!.click();
    await waitUntil(() => button(element, 'Mute microphone'));
    expect(client.callsOf('setMicMuted')).to.deep.equal([[true], [false]]);
  });

  it('keeps the colours of muted, leave and active controls under the pointer', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: false } });
    const hover = async (control: HTMLElement) => {
      const box = control.getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      expect(control.matches(':hover')).to.equal(true);
    };
    try {
      for (const name of ['Unmute microphone', 'Leave']) {
        const control = button(element, name)!;
        const resting = getComputedStyle(control).backgroundColor;
        await hover(control);
        expect(getComputedStyle(control).backgroundColor, name).to.equal(resting);
        expect(getComputedStyle(control).color, name).to.equal('rgb(255, 255, 255)');
      }
      const camera = button(element, 'Turn camera off')!;
      const resting = getComputedStyle(camera).backgroundColor;
      await hover(camera);
      expect(getComputedStyle(camera).backgroundColor, 'a plain control lights up').not.to.equal(resting);
    } finally {
      await resetMouse();
    }
  });

  it('turns the camera off and on', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice' } });
    button(element, 'Turn camera off')!.click();
    await waitUntil(() => button(element, 'Turn camera on'));
    expect(query(element, '[data-participant-id="self"] video')).to.equal(null);
    button(element, 'Turn camera on')!.click();
    await waitUntil(() => button(element, 'Turn camera off'));
    expect(client.callsOf('setCameraOff')).to.deep.equal([[true], [false]]);
  });

  it('starts and stops sharing the screen', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice' } });
    button(element, 'Share screen')!.click();
    await waitUntil(() => button(element, 'Stop sharing'));
    expect(query(element, '[part="screen"]')!.dataset['participantId']).to.equal('self');
    button(element, 'Stop sharing')!.click();
    await waitUntil(() => button(element, 'Share screen'));
    expect(query(element, '[part="screen"]')).to.equal(null);
    expect(client.callsOf('startScreenShare')).to.have.length(1);
    expect(client.callsOf('stopScreenShare')).to.have.length(1);
  });

  it('moves focus between controls with the arrow keys', async () => {
    const { element } = await joinedMeeting({ self: { displayName: 'Alice', mic: true } });
    const buttons = queryAll<HTMLButtonElement>(element, '[role="toolbar"] button');
    buttons[0]!.focus();
    buttons[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    expect(element.shadowRoot!.activeElement).to.equal(buttons[1]);
    buttons[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }));
    expect(element.shadowRoot!.activeElement).to.equal(buttons.at(-1));
  });

  it('Leave closes the client, shows the left screen and fires we-leave', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice' } });
    const left = nextEvent(element, 'we-leave');
    button(element, 'Leave')!.click();
    expect(await left).to.be.instanceOf(WeLeaveEvent);
    expect(client.closed).to.equal(true);
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('left');
    expect(query(element, 'h2')!.textContent).to.contain('You left the meeting');
    expect(button(element, 'Rejoin')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('fires we-leave once when the client reports leaving itself', async () => {
    const { element, client } = await joinedMeeting();
    let count = 0;
    element.addEventListener('we-leave', () => count++);
    client.setState('left');
    client.close();
    await element.updateComplete;
    expect(count).to.equal(1);
  });
});
