import { expect } from '@open-wc/testing';
import { InvalidStateError, RequestError } from '../../src/core/errors.js';
import { HostControls } from '../../src/core/host-controls.js';
import { FakeLink, refusal, rejection } from './fakes.js';

function attached() {
  const host = new HostControls();
  const link = new FakeLink();
  host.attach(link);
  return { host, link };
}

describe('HostControls', () => {
  it('each control sends its request, checked against the protocol schema', async () => {
    const { host, link } = attached();
    await host.setHandRaised(true);
    await host.react('👍');
    await host.muteParticipant('bob');
    await host.muteAll();
    await host.removeParticipant('bob');
    await host.makeHost('cat');
    await host.setLocked(true);
    await host.endForAll();
    expect(link.sent).to.deep.equal([
      { method: 'raiseHand', data: { raised: true } },
      { method: 'react', data: { reaction: '👍' } },
      { method: 'muteParticipant', data: { participantId: 'bob' } },
      { method: 'muteAll', data: {} },
      { method: 'removeParticipant', data: { participantId: 'bob' } },
      { method: 'makeHost', data: { participantId: 'cat' } },
      { method: 'lockMeeting', data: { locked: true } },
      { method: 'endMeeting', data: {} },
    ]);
  });

  it('a control the server refuses rejects with its RequestError', async () => {
    const { host, link } = attached();
    link.answer('muteAll', refusal('muteAll'));
    const error = await rejection(host.muteAll());
    expect(error).to.be.instanceOf(RequestError);
    expect((error as RequestError).code).to.equal('forbidden');
  });

  it('a reaction the protocol does not know is refused locally with TypeError', async () => {
    const { host, link } = attached();
    expect(await rejection(host.react('💩' as never))).to.be.instanceOf(TypeError);
    expect(link.sent).to.deep.equal([]);
  });

  it('controls reject with InvalidStateError when not in a meeting', async () => {
    const { host } = attached();
    host.detach();
    expect(await rejection(host.setLocked(true))).to.be.instanceOf(InvalidStateError);
    expect(await rejection(new HostControls().setHandRaised(true))).to.be.instanceOf(InvalidStateError);
  });

  it('handleMeetingLocked() keeps the lock and emits lockchange; handleReaction() emits reaction', () => {
    const host = new HostControls();
    const events: unknown[] = [];
    host.on('lockchange', (locked) => events.push(['lock', locked]));
    host.on('reaction', (id, reaction) => events.push(['reaction', id, reaction]));
    host.handleMeetingLocked(true);
    host.handleReaction('bob', '🎉');
    expect(host.locked).to.equal(true);
    expect(events).to.deep.equal([
      ['lock', true],
      ['reaction', 'bob', '🎉'],
    ]);
  });
});
