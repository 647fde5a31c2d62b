import { expect, waitUntil } from '@open-wc/testing';
import { RequestError, type WeMeetingElement } from '../../src/index.js';
import type { FakeClientOptions } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, joinedMeeting, nextEvent, query } from './helpers.js';

const HOST_CONTROLS = ['Mute all', 'Lock meeting', 'End meeting for all'];

/** Alice hosts; Bob (microphone on) and Carol (a host, muted) are there too. */
function hostMeeting(options: FakeClientOptions = {}) {
  return joinedMeeting({
    self: { displayName: 'Alice', role: 'host', camera: false },
    participants: [
      { id: 'bob', displayName: 'Bob', mic: true, camera: false },
      { id: 'carol', displayName: 'Carol', role: 'host', camera: false },
    ],
    ...options,
  });
}

/** Opens the host actions of `name`'s tile and waits for focus to enter the menu. */
async function openActions(element: WeMeetingElement, name: string): Promise<HTMLElement> {
  const toggle = button(element, `Actions for ${name}`)!;
  toggle.click();
  await element.updateComplete;
  const menu = element.shadowRoot!.getElementById(toggle.getAttribute('aria-controls')!)!;
  await waitUntil(() => menu.contains(element.shadowRoot!.activeElement), 'focus not in the menu');
  return menu;
}

function itemNames(menu: HTMLElement): string[] {
  return [...menu.querySelectorAll('button')].map((item) => item.textContent!.trim());
}

function pressEscape(target: Element): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
}

describe('<we-meeting> host controls', () => {
  it('renders host controls in the toolbar and an Actions button on others’ tiles only', async () => {
    const { element } = await hostMeeting();
    for (const name of HOST_CONTROLS) expect(button(element, name), name).to.exist;
    expect(button(element, 'Actions for Bob')).to.exist;
    expect(button(element, 'Actions for Carol')).to.exist;
    expect(query(element, '[data-participant-id="self"] [part="actions"]')).to.equal(null);
  });

  it('is accessible for a host, also with a tile’s actions open', async () => {
    const { element } = await hostMeeting();
    await expect(element).to.be.accessible();
    await openActions(element, 'Bob');
    await expect(element).to.be.accessible();
  });

  it('shows no host controls to a participant', async () => {
    const { element } = await hostMeeting({ self: { displayName: 'Alice', camera: false } });
    for (const name of HOST_CONTROLS) expect(button(element, name), name).to.equal(undefined);
    expect(query(element, '[part="actions"]')).to.equal(null);
  });

  it('shows the host controls once a participant is made host during the meeting', async () => {
    const { element, client } = await hostMeeting({ self: { displayName: 'Alice', camera: false } });
    client.updateParticipant('self', { role: 'host' });
    await element.updateComplete;
    for (const name of HOST_CONTROLS) expect(button(element, name), name).to.exist;
    expect(button(element, 'Actions for Bob')).to.exist;
  });

  it('offers Mute only while the microphone is on and Make host only to non-hosts', async () => {
    const { element } = await hostMeeting();
    expect(itemNames(await openActions(element, 'Bob'))).to.deep.equal(['Mute', 'Make host', 'Remove from meeting']);
    expect(itemNames(await openActions(element, 'Carol'))).to.deep.equal(['Remove from meeting']);
  });

  it('calls client.muteParticipant(id) and closes the menu, focus back on its button', async () => {
    const { element, client } = await hostMeeting();
    const menu = await openActions(element, 'Bob');
    button(element, 'Mute')!.click();
    await waitUntil(() => client.callsOf('muteParticipant').length > 0);
    expect(client.callsOf('muteParticipant')).to.deep.equal([['bob']]);
    await element.updateComplete;
    expect(menu.hidden).to.equal(true);
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Actions for Bob'), 'focus not back');
  });

  it('calls client.makeHost(id)', async () => {
    const { element, client } = await hostMeeting();
    await openActions(element, 'Bob');
    button(element, 'Make host')!.click();
    await waitUntil(() => client.callsOf('makeHost').length > 0);
    expect(client.callsOf('makeHost')).to.deep.equal([['bob']]);
  });

  it('calls client.removeParticipant(id) only after Confirm removal', async () => {
    const { element, client } = await hostMeeting();
    const menu = await openActions(element, 'Bob');
    button(element, 'Remove from meeting')!.click();
    await element.updateComplete;
    expect(client.callsOf('removeParticipant')).to.deep.equal([]);
    expect(menu.textContent).to.contain('Remove Bob from the meeting?');
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Confirm removal'), 'focus not on Confirm');
    button(element, 'Confirm removal')!.click();
    await waitUntil(() => client.callsOf('removeParticipant').length > 0);
    expect(client.callsOf('removeParticipant')).to.deep.equal([['bob']]);
    await element.updateComplete;
    expect(query(element, '[data-participant-id="bob"]')).to.equal(null);
  });

  it('cancels a removal with Cancel or Escape', async () => {
    const { element, client } = await hostMeeting();
    const menu = await openActions(element, 'Bob');
    button(element, 'Remove from meeting')!.click();
    await element.updateComplete;
    button(element, 'Cancel')!.click();
    await element.updateComplete;
    expect(itemNames(menu)).to.include('Remove from meeting');
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Remove from meeting'), 'focus not back');
    button(element, 'Remove from meeting')!.click();
    await element.updateComplete;
    pressEscape(button(element, 'Confirm removal')!);
    await element.updateComplete;
    expect(menu.hidden).to.equal(true);
    expect(button(element, 'Actions for Bob')!.getAttribute('aria-expanded')).to.equal('false');
    expect(client.callsOf('removeParticipant')).to.deep.equal([]);
  });

  it('calls client.muteAll()', async () => {
    const { element, client } = await hostMeeting();
    button(element, 'Mute all')!.click();
    await waitUntil(() => client.callsOf('muteAll').length > 0);
    expect(client.callsOf('muteAll')).to.deep.equal([[]]);
  });

  it('calls client.setLocked() and follows lockchange in the button and the status line', async () => {
    const { element, client } = await hostMeeting();
    expect(query(element, '[part="locked"]')).to.equal(null);
    button(element, 'Lock meeting')!.click();
    await waitUntil(() => button(element, 'Unlock meeting'), 'button not flipped');
    expect(client.callsOf('setLocked')).to.deep.equal([[true]]);
    expect(query(element, '[role="status"] [part="locked"]')!.textContent).to.contain('Locked');
    client.setLockedByHost(false); // Another host unlocks.
    await element.updateComplete;
    expect(button(element, 'Lock meeting')).to.exist;
    expect(query(element, '[part="locked"]')).to.equal(null);
  });

  it('calls client.endForAll() only after Confirm end meeting', async () => {
    const { element, client } = await hostMeeting();
    const end = button(element, 'End meeting for all')!;
    end.click();
    await element.updateComplete;
    expect(end.getAttribute('aria-expanded')).to.equal('true');
    expect(client.callsOf('endForAll')).to.deep.equal([]);
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Confirm end meeting'), 'focus not on Confirm');
    button(element, 'Confirm end meeting')!.click();
    await waitUntil(() => client.callsOf('endForAll').length > 0);
    await element.updateComplete;
    expect(query(element, 'h2')!.textContent).to.equal('The host ended the meeting');
  });

  it('closes the End meeting confirmation on Cancel, focus back on its button', async () => {
    const { element, client } = await hostMeeting();
    button(element, 'End meeting for all')!.click();
    await element.updateComplete;
    button(element, 'Cancel')!.click();
    await element.updateComplete;
    expect(button(element, 'Confirm end meeting')).to.equal(undefined);
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'End meeting for all'), 'focus not back');
    expect(client.callsOf('endForAll')).to.deep.equal([]);
  });

  it('closes the End meeting confirmation on Escape, focus back on its button', async () => {
    const { element, client } = await hostMeeting();
    button(element, 'End meeting for all')!.click();
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Confirm end meeting'), 'focus not on Confirm');
    pressEscape(button(element, 'Confirm end meeting')!);
    await element.updateComplete;
    expect(button(element, 'Confirm end meeting')).to.equal(undefined);
    expect(button(element, 'End meeting for all')!.getAttribute('aria-expanded')).to.equal('false');
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'End meeting for all'), 'focus not back');
    expect(client.callsOf('endForAll')).to.deep.equal([]);
  });

  it('closes a tile’s actions on Escape, focus back on its Actions button', async () => {
    const { element } = await hostMeeting();
    const menu = await openActions(element, 'Bob');
    pressEscape(element.shadowRoot!.activeElement!);
    await element.updateComplete;
    expect(menu.hidden).to.equal(true);
    expect(button(element, 'Actions for Bob')!.getAttribute('aria-expanded')).to.equal('false');
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Actions for Bob'), 'focus not back');
  });

  it('shows a refused host control in the alert line and fires we-error', async () => {
    const refusal = new RequestError('muteAll', 'forbidden', 'only hosts can do this');
    const { element } = await hostMeeting({ hostActionError: refusal });
    const fired = nextEvent(element, 'we-error');
    button(element, 'Mute all')!.click();
    expect((await fired).error).to.equal(refusal);
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('only hosts can do this (forbidden)');
  });

  it('forgets a tile’s open menu when its participant leaves', async () => {
    const { element, client } = await hostMeeting();
    await openActions(element, 'Bob');
    client.participantLeaves('bob');
    await element.updateComplete;
    await openActions(element, 'Carol');
    expect(button(element, 'Actions for Carol')!.getAttribute('aria-expanded')).to.equal('true');
  });
});
