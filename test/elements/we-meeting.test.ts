import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { WeMeetingElement, defineElement, WeErrorEvent, WeStateChangeEvent } from '../../src/index.js';

describe('<we-meeting>', () => {
  it('renders the idle state without a meeting', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting></we-meeting>`);
    expect(element).to.be.instanceOf(WeMeetingElement);
    expect(element.getAttribute('state')).to.equal('idle');
    expect(element.shadowRoot!.textContent).to.contain('Not connected');
  });

  it('is accessible', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting meeting="123456789"></we-meeting>`);
    await expect(element).to.be.accessible();
  });

  it('shows the meeting id in groups of three', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting meeting="123456789"></we-meeting>`);
    expect(element.shadowRoot!.textContent).to.contain('123 456 789');
  });

  it('does not join until both meeting and token are set', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting meeting="123456789"></we-meeting>`);
    expect(element.client).to.equal(undefined);
    expect(element.state).to.equal('idle');
  });

  it('fires we-state-change and we-error and reflects state="failed" when the server is unreachable', async () => {
    const element = document.createElement('we-meeting');
    element.server = 'ws://127.0.0.1:9/ws';
    element.meeting = '123456789';
    element.token = 'token';
    const connecting = oneEvent(element, 'we-state-change');
    const failed = oneEvent(element, 'we-error');
    document.body.append(element);
    const change = (await connecting) as unknown as WeStateChangeEvent;
    expect(change.state).to.equal('connecting');
    expect(change.previous).to.equal('idle');
    const error = (await failed) as unknown as WeErrorEvent;
    expect(error.error.name).to.equal('ConnectionError');
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('failed');
    expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain('could not connect');
    element.remove();
  });

  it('releases its client when removed from the page', async () => {
    const element = document.createElement('we-meeting');
    element.server = 'ws://127.0.0.1:9/ws';
    element.meeting = '123456789';
    element.token = 'token';
    document.body.append(element);
    const client = element.client!;
    element.remove();
    expect(client.closed).to.equal(true);
    expect(element.client).to.equal(undefined);
  });

  it('escapes an error message instead of rendering it as HTML', async () => {
    const element = document.createElement('we-meeting');
    element.server = 'ws://127.0.0.1:9/<img src=x onerror=alert(1)>';
    element.meeting = '123456789';
    element.token = 'token';
    const failed = oneEvent(element, 'we-error');
    document.body.append(element);
    await failed;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('img')).to.equal(null);
    element.remove();
  });
});

describe('defineElement()', () => {
  it('warns instead of throwing when the tag already belongs to another class', () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineElement('we-meeting', class extends HTMLElement {});
    } finally {
      console.warn = original;
    }
    expect(warnings.length).to.equal(1);
    expect(customElements.get('we-meeting')).to.equal(WeMeetingElement);
  });

  it('is silent when the same class is defined again', () => {
    const original = console.warn;
    let warned = false;
    console.warn = () => (warned = true);
    try {
      defineElement('we-meeting', WeMeetingElement);
    } finally {
      console.warn = original;
    }
    expect(warned).to.equal(false);
  });
});
