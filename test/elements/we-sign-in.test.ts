import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { WeSignInElement, WeSignInEvent, WeSignOutEvent } from '../../src/index.js';

interface Sent {
  path: string;
  body: Record<string, unknown>;
}

/** A fetch answering like the sign-in API: the code is 123456; anything else is wrong. */
function fakeSignIn() {
  const sent: Sent[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const path = new URL(input, location.origin).pathname;
    const body = JSON.parse(String(init.body ?? '{}')) as Record<string, unknown>;
    sent.push({ path, body });
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (path === '/api/sign-in/code') return json(202, { resendAfterSeconds: 60, expiresInSeconds: 300 });
    if (path === '/api/sign-in/verify') {
      return body.code === '123456'
        ? json(200, { token: 'wes_t', csrf: 'c', user: { masked: '138****5678', displayName: (body.name as string) ?? null } })
        : json(401, { error: 'the code is not right', code: 'code_invalid' });
    }
    if (path === '/api/sign-out') return json(200, { signedOut: true });
    return json(404, { error: 'not found' });
  };
  return { fetch, sent };
}

async function render(fetch: ReturnType<typeof fakeSignIn>['fetch'], lang = 'en'): Promise<WeSignInElement> {
  const element = await fixture<WeSignInElement>(html`<we-sign-in lang=${lang} .fetch=${fetch}></we-sign-in>`);
  await element.updateComplete;
  return element;
}

function q<T extends Element>(element: WeSignInElement, selector: string): T {
  return element.shadowRoot!.querySelector<T>(selector)!;
}

function buttonNamed(element: WeSignInElement, name: string | RegExp): HTMLButtonElement {
  const found = [...element.shadowRoot!.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent!.trim() === name : name.test(b.textContent!)));
  if (found === undefined) throw new Error(`no button ${String(name)}`);
  return found;
}

async function sendCode(element: WeSignInElement, identifier: string): Promise<void> {
  q<HTMLInputElement>(element, 'input[name="identifier"]').value = identifier;
  buttonNamed(element, 'Send code').click();
  await waitUntil(() => element.shadowRoot!.querySelector('input[name="code"]') !== null);
}

describe('<we-sign-in>', () => {
  it('renders Phone and Email tabs, the phone field and Send code', async () => {
    const element = await render(fakeSignIn().fetch);
    const tabs = [...element.shadowRoot!.querySelectorAll('[role="tab"]')].map((tab) => tab.textContent!.trim());
    expect(tabs).to.deep.equal(['Phone', 'Email']);
    expect(q(element, 'label').textContent).to.contain('Phone number');
    expect(q(element, 'input[name="identifier"]').getAttribute('type')).to.equal('tel');
    buttonNamed(element, 'Send code');
  });

  it('is accessible in each step', async () => {
    const element = await render(fakeSignIn().fetch);
    await expect(element).to.be.accessible();
    await sendCode(element, '13812345678');
    await expect(element).to.be.accessible();
  });

  it('switches to Email', async () => {
    const element = await render(fakeSignIn().fetch);
    buttonNamed(element, 'Email').click();
    await element.updateComplete;
    expect(q(element, 'label').textContent).to.contain('Email');
    expect(q(element, 'input[name="identifier"]').getAttribute('type')).to.equal('email');
    expect(q(element, '[aria-selected="true"]').textContent!.trim()).to.equal('Email');
  });

  it('asks for a code, offers one-time-code autofill and a resend timer, and signs in with a pasted code', async () => {
    const { fetch, sent } = fakeSignIn();
    const element = await render(fetch);
    await sendCode(element, '+86 138 1234 5678');
    expect(sent[0]).to.deep.equal({ path: '/api/sign-in/code', body: { channel: 'phone', identifier: '+86 138 1234 5678', locale: 'en' } });
    const code = q<HTMLInputElement>(element, 'input[name="code"]');
    expect(code.autocomplete).to.equal('one-time-code');
    expect(buttonNamed(element, /Resend code in \d+ s/).disabled).to.equal(true);
    code.value = '123 456';
    code.dispatchEvent(new Event('input'));
    expect(code.value).to.equal('123456');
    q<HTMLInputElement>(element, 'input[name="name"]').value = 'Li';
    const signedIn = oneEvent(element, 'we-sign-in');
    buttonNamed(element, 'Sign in').click();
    const event = (await signedIn) as unknown as WeSignInEvent;
    expect(event.session.user).to.deep.equal({ masked: '138****5678', displayName: 'Li' });
    await element.updateComplete;
    expect(element.shadowRoot!.textContent).to.contain('Signed in as Li (138****5678)');
  });

  it('shows a clear error for a wrong code and stays on the code step', async () => {
    const element = await render(fakeSignIn().fetch);
    await sendCode(element, 'a@example.com');
    q<HTMLInputElement>(element, 'input[name="code"]').value = '000000';
    buttonNamed(element, 'Sign in').click();
    await waitUntil(() => element.shadowRoot!.querySelector('[role="alert"]') !== null);
    expect(q(element, '[role="alert"]').textContent).to.contain('That code is not right.');
    expect(q(element, 'input[name="code"]')).to.exist;
  });

  it('reads phone numbers without + as Chinese on a Chinese page', async () => {
    const { fetch, sent } = fakeSignIn();
    const element = await render(fetch, 'zh-CN');
    await waitUntil(() => element.shadowRoot!.textContent!.includes('手机号'), 'Chinese strings', { timeout: 5000 });
    q<HTMLInputElement>(element, 'input[name="identifier"]').value = '138 1234 5678';
    buttonNamed(element, '发送验证码').click();
    await waitUntil(() => sent.length === 1);
    expect(sent[0]!.body).to.deep.equal({ channel: 'phone', identifier: '138 1234 5678', region: 'CN', locale: 'zh-Hans' });
  });

  it('signs out', async () => {
    const { fetch, sent } = fakeSignIn();
    const element = await render(fetch);
    element.session = { token: 'wes_t', csrf: 'c', user: { masked: 'a***@example.com', displayName: null } };
    await element.updateComplete;
    const signedOut = oneEvent(element, 'we-sign-out');
    buttonNamed(element, 'Sign out').click();
    expect(await signedOut).to.be.instanceOf(WeSignOutEvent);
    expect(sent.at(-1)!.path).to.equal('/api/sign-out');
    await element.updateComplete;
    expect(q(element, 'input[name="identifier"]')).to.exist;
  });
});
