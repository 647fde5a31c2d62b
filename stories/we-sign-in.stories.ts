import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { defineElement } from '../src/elements/internal/define.js';
import { WeSignInElement } from '../src/elements/sign-in/sign-in-element.js';

// Registered by a call rather than by importing we-sign-in.js: bundlers drop that import
// because package.json's "sideEffects" names only the built files.
defineElement('we-sign-in', WeSignInElement);

/** A fetch that answers like the sign-in API; the code is 123456, and `fail` forces an error code. */
function fakeApi(fail?: string) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    const path = new URL(input, location.origin).pathname;
    const body = JSON.parse(String(init.body ?? '{}')) as { code?: string };
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (fail !== undefined) return json(400, { error: fail, code: fail });
    if (path === '/api/sign-in/code') return json(202, { resendAfterSeconds: 60, expiresInSeconds: 300 });
    if (path === '/api/sign-in/verify' && body.code === '123456') {
      return json(200, { token: 'wes_demo', csrf: 'c', user: { masked: 'a***@example.com', displayName: 'Alice' } });
    }
    return json(401, { error: 'the code is not right', code: 'code_invalid' });
  };
}

async function step(element: WeSignInElement, identifier: string): Promise<void> {
  await element.updateComplete;
  await element.client.handleRequestCode(identifier);
}

const meta: Meta = { title: 'Elements/we-sign-in', component: 'we-sign-in' };
export default meta;

/** The first step, by phone. */
export const Phone: StoryObj = { render: () => html`<we-sign-in .fetch=${fakeApi()}></we-sign-in>` };

/** The first step, by e-mail. */
export const Email: StoryObj = {
  render: () => html`<we-sign-in .fetch=${fakeApi()}></we-sign-in>`,
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('we-sign-in')!;
    await element.updateComplete;
    element.client.handleChannel('email');
  },
};

/** Code sent: the code field and the resend timer. */
export const CodeSent: StoryObj = {
  render: () => html`<we-sign-in .fetch=${fakeApi()}></we-sign-in>`,
  play: async ({ canvasElement }) => step(canvasElement.querySelector('we-sign-in')!, '+86 138 1234 5678'),
};

/** A wrong code. */
export const WrongCode: StoryObj = {
  render: () => html`<we-sign-in .fetch=${fakeApi()}></we-sign-in>`,
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('we-sign-in')!;
    await step(element, 'alice@example.com');
    await element.client.handleVerify('000000');
  },
};

/** Too many requests. */
export const RateLimited: StoryObj = {
  render: () => html`<we-sign-in .fetch=${fakeApi('rate_limited')}></we-sign-in>`,
  play: async ({ canvasElement }) => step(canvasElement.querySelector('we-sign-in')!, 'alice@example.com'),
};

/** Signed in. */
export const SignedIn: StoryObj = {
  render: () =>
    html`<we-sign-in .fetch=${fakeApi()} .session=${{ token: 'wes_demo', csrf: 'c', user: { masked: '138****5678', displayName: 'Li' } }}></we-sign-in>`,
};

/** In Chinese: phone numbers are read as Chinese ones. */
export const Chinese: StoryObj = { render: () => html`<we-sign-in lang="zh-CN" .fetch=${fakeApi()}></we-sign-in>` };
