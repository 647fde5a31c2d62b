import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { RequestError, WeTokenExpiringEvent, type WeMeetingElement } from '../../src/index.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { joinedMeeting, nextEvent } from './helpers.js';

describe('<we-meeting> token renewal', () => {
  it('fires we-token-expiring with expiresAt when the client warns', async () => {
    const { element, client } = await joinedMeeting();
    const event = nextEvent(element, 'we-token-expiring');
    const end = Date.now() + 45_000;
    client.tokenExpiring(end);
    const warning = await event;
    expect(warning).to.be.instanceOf(WeTokenExpiringEvent);
    expect(warning.expiresAt).to.equal(end);
    expect(warning.bubbles && warning.composed).to.equal(true);
  });

  it('a page that sets token on we-token-expiring renews the session without rejoining', async () => {
    const { element, client } = await joinedMeeting();
    element.addEventListener('we-token-expiring', () => (element.token = 'fresh-token'));
    client.tokenExpiring();
    await waitUntil(() => client.callsOf('renewToken').length > 0, 'renewToken never called');
    expect(client.callsOf('renewToken')).to.deep.equal([['fresh-token']]);
    expect(client.callsOf('join')).to.deep.equal([]);
    expect(element.state).to.equal('joined');
  });

  it('setting the token attribute while joined calls client.renewToken', async () => {
    const { element, client } = await joinedMeeting();
    element.setAttribute('token', 'attribute-token');
    await element.updateComplete;
    expect(client.callsOf('renewToken')).to.deep.equal([['attribute-token']]);
  });

  it('does not renew while idle, nor for an empty token', async () => {
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio .client=${client}></we-meeting>`);
    element.token = 'before-joining';
    await element.updateComplete;
    expect(client.callsOf('renewToken')).to.deep.equal([]);
    const joined = await joinedMeeting();
    joined.element.token = 'first';
    await joined.element.updateComplete;
    joined.element.token = '';
    await joined.element.updateComplete;
    expect(joined.client.callsOf('renewToken')).to.deep.equal([['first']]);
  });

  it('reports a refused renewal as we-error', async () => {
    const refusal = new RequestError('renewToken', 'token_invalid', 'bad signature');
    const { element } = await joinedMeeting({ renewTokenError: refusal });
    const event = nextEvent(element, 'we-error');
    element.token = 'forged';
    expect((await event).error).to.equal(refusal);
  });
});
