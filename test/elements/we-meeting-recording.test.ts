import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { RequestError, WeRecordingConsentEvent, WeRecordingStateEvent, type WeMeetingElement } from '../../src/index.js';
import { FakeMeetingClient, serveClientConfig, serveRecordingNotice, type FakeClientOptions } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, joinedMeeting, nextEvent, query, queryAll } from './helpers.js';

/** Alice hosts; Bob is there too. */
function hostMeeting(options: FakeClientOptions = {}) {
  return joinedMeeting({
    self: { id: 'alice', displayName: 'Alice', role: 'host', camera: false },
    participants: [{ id: 'bob', displayName: 'Bob', camera: false }],
    ...options,
  });
}

/** Bob takes part; Hana hosts. */
function participantMeeting(options: FakeClientOptions = {}) {
  return joinedMeeting({
    self: { id: 'bob', displayName: 'Bob', camera: false },
    participants: [{ id: 'hana', displayName: 'Hana', role: 'host', camera: false }],
    ...options,
  });
}

/** The toolbar button (not the confirmation's button of the same name). */
function toolbarButton(element: WeMeetingElement, name: string): HTMLButtonElement | undefined {
  return queryAll<HTMLButtonElement>(element, '[part="toolbar"] button').find((candidate) => candidate.textContent?.trim() === name);
}

/** The recording confirmation's button named `name`. */
function confirmButton(element: WeMeetingElement, name: string): HTMLButtonElement | undefined {
  return queryAll<HTMLButtonElement>(element, '[part="recording-confirm"] button').find((candidate) => candidate.textContent?.trim() === name);
}

function notice(element: WeMeetingElement): HTMLElement | null {
  return query(element, '[part="recording-notice"]');
}

function indicator(element: WeMeetingElement): HTMLElement | undefined {
  return queryAll(element, '[role="status"]').find((status) => status.textContent?.includes('Recording'));
}

/** Waits until the (lazily loaded) recording views show what `check` looks for. */
async function until(element: WeMeetingElement, check: () => unknown, message: string): Promise<void> {
  await waitUntil(async () => {
    await element.updateComplete;
    return Boolean(check());
  }, message);
}

describe('<we-meeting> recording', () => {
  it('offers a host Start recording, and nothing to a participant', async () => {
    const host = await hostMeeting();
    expect(toolbarButton(host.element, 'Start recording')).to.exist;
    const participant = await participantMeeting();
    expect(toolbarButton(participant.element, 'Start recording')).to.equal(undefined);
    expect(toolbarButton(participant.element, 'Stop recording')).to.equal(undefined);
  });

  it('asks the host to confirm, with a button of the same name, before client.recording.start()', async () => {
    const { element, client } = await hostMeeting();
    const toggle = toolbarButton(element, 'Start recording')!;
    toggle.click();
    await element.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const confirm = confirmButton(element, 'Start recording')!;
    await waitUntil(() => element.shadowRoot!.activeElement === confirm, 'focus not on the confirming button');
    expect(client.recording.callsOf('start')).to.deep.equal([]);
    confirm.click();
    await waitUntil(() => client.recording.current.state === 'on', 'never started');
    expect(client.recording.callsOf('start')).to.have.length(1);
    await until(element, () => toolbarButton(element, 'Stop recording'), 'no Stop recording');
  });

  it('Cancel and Escape close the confirmation without starting, focus back on the toolbar button', async () => {
    const { element, client } = await hostMeeting();
    const toggle = toolbarButton(element, 'Start recording')!;
    toggle.click();
    await element.updateComplete;
    confirmButton(element, 'Cancel')!.click();
    await waitUntil(() => element.shadowRoot!.activeElement === toggle, 'focus not back');
    toggle.click();
    await element.updateComplete;
    const confirm = confirmButton(element, 'Start recording')!;
    await waitUntil(() => element.shadowRoot!.activeElement === confirm);
    confirm.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await waitUntil(() => element.shadowRoot!.activeElement === toggle, 'focus not back after Escape');
    expect(query(element, '[part="recording-confirm"]')!.hidden).to.equal(true);
    expect(client.recording.callsOf('start')).to.deep.equal([]);
  });

  it('stops after the host confirms Stop recording', async () => {
    const { element, client } = await hostMeeting({ recording: { state: 'on', startedBy: { id: 'alice', displayName: 'Alice' }, consentedAt: Date.now() } });
    await until(element, () => toolbarButton(element, 'Stop recording'), 'no Stop recording');
    toolbarButton(element, 'Stop recording')!.click();
    await element.updateComplete;
    confirmButton(element, 'Stop recording')!.click();
    await waitUntil(() => client.recording.current.state === 'off', 'never stopped');
    await until(element, () => toolbarButton(element, 'Start recording'), 'no Start recording again');
    expect(indicator(element)).to.equal(undefined);
  });

  it('shows a refused start (recording unavailable) as an error and we-error', async () => {
    const refusal = new RequestError('startRecording', 'recording_unavailable', 'recording is unavailable on this server');
    const { element } = await hostMeeting({ recording: { startError: refusal } });
    const error = nextEvent(element, 'we-error');
    toolbarButton(element, 'Start recording')!.click();
    await element.updateComplete;
    confirmButton(element, 'Start recording')!.click();
    expect((await error).error).to.equal(refusal);
    await element.updateComplete;
    expect(query(element, '[part="error"]')!.textContent).to.contain('recording_unavailable');
  });

  it('shows everyone a Recording status with the elapsed time while it runs', async () => {
    const { element } = await participantMeeting({
      recording: { state: 'on', startedAt: Date.now() - 65_000, consentedAt: Date.now() - 60_000 },
    });
    await until(element, () => indicator(element), 'no Recording status');
    expect(indicator(element)!.textContent).to.match(/Recording[\s\S]*1:0[5-6]/u);
    const before = indicator(element)!.textContent;
    await waitUntil(() => indicator(element)!.textContent !== before, 'the elapsed time does not move', { timeout: 2500 });
    expect(notice(element)).to.equal(null);
  });

  it('the host who started it sees the indicator but no notice: starting it was agreeing', async () => {
    const { element } = await hostMeeting();
    toolbarButton(element, 'Start recording')!.click();
    await element.updateComplete;
    confirmButton(element, 'Start recording')!.click();
    await until(element, () => indicator(element), 'no Recording status');
    expect(notice(element)).to.equal(null);
  });

  it('shows a participant the notice naming voice, video and shared screen when another host starts', async () => {
    const { element, client } = await participantMeeting();
    expect(notice(element)).to.equal(null);
    client.recording.startedByOther();
    await until(element, () => notice(element), 'no notice');
    const dialog = notice(element)!;
    expect(dialog.getAttribute('role')).to.equal('alertdialog');
    expect(dialog.textContent).to.contain('Hana');
    for (const what of ['voice', 'video', 'screen']) expect(dialog.textContent).to.contain(what);
    expect(button(element, 'Agree and stay')).to.exist;
    expect(button(element, 'Leave meeting')).to.exist;
    await waitUntil(() => dialog.contains(element.shadowRoot!.activeElement), 'focus not in the notice');
    // The rest of the screen waits for the answer.
    expect(query(element, '[part="toolbar"]')!.closest('[inert]')).to.exist;
  });

  it('is accessible with the notice and with the indicator', async () => {
    const { element, client } = await participantMeeting();
    client.recording.startedByOther();
    await until(element, () => notice(element), 'no notice');
    await expect(element).to.be.accessible();
    button(element, 'Agree and stay')!.click();
    await until(element, () => notice(element) === null && indicator(element), 'notice still shown');
    await expect(element).to.be.accessible();
  });

  it('Agree and stay calls client.recording.consent(), hides the notice and fires we-recording-consent', async () => {
    const { element, client } = await participantMeeting();
    client.recording.startedByOther();
    await until(element, () => notice(element), 'no notice');
    const consent = nextEvent(element, 'we-recording-consent');
    button(element, 'Agree and stay')!.click();
    const event = await consent;
    expect(event).to.be.instanceOf(WeRecordingConsentEvent);
    expect(event.agreed).to.equal(true);
    expect(event.recordingId).to.equal(client.recording.current.recordingId);
    expect(event.consentedAt).to.equal(client.recording.current.consentedAt);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(client.recording.callsOf('consent')).to.have.length(1);
    await until(element, () => notice(element) === null, 'notice still shown');
    expect(query(element, '[part="toolbar"]')!.closest('[inert]')).to.equal(null);
    expect(client.state).to.equal('joined');
  });

  it('Leave meeting fires we-recording-consent (not agreed), leaves, and never consents', async () => {
    const { element, client } = await participantMeeting();
    client.recording.startedByOther();
    await until(element, () => notice(element), 'no notice');
    const consent = nextEvent(element, 'we-recording-consent');
    button(element, 'Leave meeting')!.click();
    const event = await consent;
    expect(event.agreed).to.equal(false);
    expect(event.consentedAt).to.equal(undefined);
    await waitUntil(() => client.state === 'left', 'did not leave');
    expect(client.recording.callsOf('consent')).to.deep.equal([]);
  });

  it('Escape does not dismiss the notice: it waits for a choice', async () => {
    const { element, client } = await participantMeeting();
    client.recording.startedByOther();
    await until(element, () => notice(element), 'no notice');
    notice(element)!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await element.updateComplete;
    expect(notice(element)).to.exist;
    expect(client.recording.callsOf('consent')).to.deep.equal([]);
  });

  it('fires we-recording-state on every phase change, for everyone', async () => {
    const { element, client } = await participantMeeting();
    const phases: [string, string][] = [];
    element.addEventListener('we-recording-state', (event) => {
      expect(event).to.be.instanceOf(WeRecordingStateEvent);
      phases.push([event.previous, event.state]);
    });
    client.recording.startedByOther({ id: 'hana', displayName: 'Hana' }, 'starting');
    client.recording.setPhase('on');
    client.recording.setPhase('stopping');
    client.recording.setPhase('off');
    expect(phases).to.deep.equal([
      ['off', 'starting'],
      ['starting', 'on'],
      ['on', 'stopping'],
      ['stopping', 'off'],
    ]);
  });

  it('the notice goes away when the recording stops before the participant chose', async () => {
    const { element, client } = await participantMeeting();
    client.recording.startedByOther();
    await until(element, () => notice(element), 'no notice');
    client.recording.setPhase('stopping');
    await until(element, () => notice(element) === null, 'notice still shown while stopping');
    expect(indicator(element)!.textContent).to.contain('Recording');
  });

  it('tells everyone, in an alert, that the server stopped the recording because its disk is full', async () => {
    const { element, client } = await participantMeeting({ recording: { state: 'on', consentedAt: Date.now() - 1000 } });
    await until(element, () => indicator(element), 'no Recording status');
    expect(query(element, '[part="recording-stopped"]')).to.equal(null);
    client.recording.stoppedByDiskFull();
    await until(element, () => query(element, '[part="recording-stopped"][role="alert"]'), 'no alert');
    expect(query(element, '[part="recording-stopped"]')!.textContent).to.match(/disk space/u);
    expect(indicator(element)).to.equal(undefined);
  });

  it('a meeting being recorded asks on the pre-join screen first, autojoin included; Agree and join joins with that consent', async () => {
    const server = 'https://recorded.we-meeting.invalid';
    serveClientConfig(server, { policy: null, ageGate: false });
    serveRecordingNotice(server, '123456781', { recordingId: 'rec-9', startedBy: { displayName: 'Hana' }, startedAt: Date.now() });
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin server=${server} meeting="123456781" token="t" no-video no-audio .client=${client}></we-meeting>`,
    );
    await until(element, () => query(element, '[part="prejoin-recording-notice"]'), 'no notice before joining');
    expect(client.calls.filter((call) => call.method === 'join')).to.deep.equal([], 'autojoin waits for an answer');
    expect(query(element, '[part="prejoin-recording-notice"]')!.textContent).to.match(/Hana is recording this meeting: your voice, your video and any screen you share/u);
    button(element, 'Agree and join')!.click();
    await waitUntil(() => client.state === 'joined', 'Agree and join did not join');
    const [options] = client.calls.find((call) => call.method === 'join')!.args as [{ recordingConsent?: string }];
    expect(options.recordingConsent).to.equal('rec-9');
  });

  it("Don't join on the pre-join notice stays on the pre-join screen without joining", async () => {
    const server = 'https://recorded2.we-meeting.invalid';
    serveClientConfig(server, { policy: null, ageGate: false });
    serveRecordingNotice(server, '123456782', { recordingId: 'rec-8', startedBy: { displayName: 'Hana' }, startedAt: Date.now() });
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting server=${server} meeting="123456782" token="t" no-video no-audio .client=${client}></we-meeting>`,
    );
    await until(element, () => button(element, 'Join'), 'no Join button');
    button(element, 'Join')!.click();
    await until(element, () => query(element, '[part="prejoin-recording-notice"]'), 'no notice after Join');
    button(element, "Don't join")!.click();
    await until(element, () => query(element, '[part="prejoin-recording-notice"]') === null, 'the notice stays');
    expect(client.calls.filter((call) => call.method === 'join')).to.deep.equal([]);
    expect(button(element, 'Join')).to.not.equal(undefined);
  });

  it('joining a meeting being recorded shows the notice at once, autojoin included', async () => {
    const client = new FakeMeetingClient({ recording: { state: 'on' } });
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin meeting="123456789" token="t" no-video no-audio .client=${client}></we-meeting>`,
    );
    await waitUntil(() => client.state === 'joined', 'autojoin did not join');
    await until(element, () => notice(element), 'no notice after joining');
    expect(client.recording.callsOf('consent')).to.deep.equal([]);
  });
});
