import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import type { WeChatElement } from '../../src/index.js';
import { FAKE_SECURITY_CODE, type FakeChatOptions } from '../../stories/fake-chat.js';
import { FakeMeetingClient } from './fake-client.js';
import { button, query } from './helpers.js';

async function securityFixture(chat: FakeChatOptions = {}, others = [{ id: 'bob', displayName: 'Bob' }, { id: 'carol', displayName: 'carol@example.com' }]) {
  const client = new FakeMeetingClient({
    state: 'joined',
    self: { id: 'alice', displayName: 'Alice', camera: false },
    participants: others.map((other) => ({ ...other, camera: false })),
    chat,
  });
  const element = await fixture<WeChatElement>(html`<we-chat .client=${client}></we-chat>`);
  return { element, client, chat: client.chat };
}

async function openPanel(element: WeChatElement): Promise<HTMLElement> {
  button(element, 'Security code')!.click();
  await element.updateComplete;
  return query<HTMLElement>(element, '[part="security"]')!;
}

describe('<we-chat> security code', () => {
  it('renders the lock indicator and a closed Security code disclosure', async () => {
    const { element } = await securityFixture();
    expect(query(element, '[part="lock"]')!.textContent).to.contain('End-to-end encrypted');
    const toggle = button(element, 'Security code')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(query(element, '[part="security"]')!.hidden).to.equal(true);
  });

  it('is accessible with the panel open and a safety number shown', async () => {
    const { element } = await securityFixture();
    await openPanel(element);
    button(element, 'Show safety number')!.click();
    await waitUntil(() => query(element, '[part="safety-number"]'), 'no safety number');
    await expect(element).to.be.accessible();
  });

  it('shows the meeting security code and follows its changes', async () => {
    const { element, chat } = await securityFixture();
    const panel = await openPanel(element);
    expect(button(element, 'Security code')!.getAttribute('aria-expanded')).to.equal('true');
    expect(panel.hidden).to.equal(false);
    expect(query(element, '[part="security-code"]')!.textContent).to.equal(FAKE_SECURITY_CODE);
    chat.setSecurityCode('11111 22222');
    await element.updateComplete;
    expect(query(element, '[part="security-code"]')!.textContent).to.equal('11111 22222');
    chat.setSecurityCode(undefined);
    await element.updateComplete;
    expect(query(element, '[part="security-code"]')).to.equal(null);
    expect(panel.textContent).to.contain('Not available yet');
  });

  it('shows the safety number with the participant chosen (names masked)', async () => {
    const { element, chat } = await securityFixture({ safetyNumbers: { carol: '12345 67890' } });
    await openPanel(element);
    const picker = query<HTMLSelectElement>(element, '[part="security"] select')!;
    expect([...picker.options].map((option) => option.textContent)).to.deep.equal(['Bob', 'c***@example.com']);
    picker.value = 'carol';
    picker.dispatchEvent(new Event('change'));
    await element.updateComplete;
    button(element, 'Show safety number')!.click();
    await waitUntil(() => query(element, '[part="safety-number"]'), 'no safety number');
    expect(chat.safetyNumberCalls).to.deep.equal(['carol']);
    expect(query(element, '[part="safety-number"]')!.textContent).to.equal('12345 67890');
    expect(query(element, '[part="security"]')!.textContent).to.contain('Safety number with c***@example.com');
  });

  it('says when the safety number is not available', async () => {
    const { element } = await securityFixture({ safetyNumberError: new Error('no keys from Bob yet') });
    await openPanel(element);
    button(element, 'Show safety number')!.click();
    await waitUntil(() => query(element, '[part="security"] [part="error"]'), 'no error');
    expect(query(element, '[part="security"] [part="error"]')!.textContent).to.contain('The safety number with Bob is not available yet.');
  });

  it('says when nobody else is there to compare with', async () => {
    const { element } = await securityFixture({}, []);
    const panel = await openPanel(element);
    expect(panel.textContent).to.contain('Nobody else is in the meeting yet.');
    expect(button(element, 'Show safety number')).to.equal(undefined);
  });

  it('shows an open lock while keys are being exchanged', async () => {
    const { element, chat } = await securityFixture({ ready: false, securityCode: null });
    expect(query(element, '[part="lock"]')!.getAttribute('data-encrypted')).to.equal('false');
    chat.setReady(true);
    await element.updateComplete;
    expect(query(element, '[part="lock"]')!.getAttribute('data-encrypted')).to.equal('true');
  });
});
