import { expect } from '@open-wc/testing';
import { InvalidStateError, MeetingClient, signalingUrl } from '../../src/core/index.js';

describe('signalingUrl()', () => {
  it('maps http(s) base URLs to ws(s) /ws', () => {
    expect(signalingUrl('http://localhost:8080')).to.equal('ws://localhost:8080/ws');
    expect(signalingUrl('https://meet.example.com/')).to.equal('wss://meet.example.com/ws');
    expect(signalingUrl('wss://meet.example.com/custom')).to.equal('wss://meet.example.com/custom');
  });

  it('throws TypeError for other schemes', () => {
    expect(() => signalingUrl('ftp://example.com')).to.throw(TypeError);
  });
});

describe('MeetingClient', () => {
  it('join() after close() rejects with InvalidStateError', async () => {
    const client = new MeetingClient();
    client.close();
    let caught: unknown;
    try {
      await client.join({ server: 'ws://127.0.0.1:9/ws', meeting: '123456789', token: 't' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(InvalidStateError);
  });

  it('close() is idempotent', () => {
    const client = new MeetingClient();
    const states: string[] = [];
    client.on('statechange', (state) => states.push(state));
    client.close();
    client.close();
    expect(client.closed).to.equal(true);
    expect(states).to.deep.equal(['left']);
  });
});
