import { expect } from '@open-wc/testing';
import type { ParticipantView, TrackSource } from '../../src/core/meeting-types.js';
import { Roster } from '../../src/core/roster.js';
import { entry, track } from './fakes.js';

const SELF = { id: 'me', displayName: 'Me', role: 'participant' as const };
const KEYS = { identityKey: 'A'.repeat(43), agreementKey: 'B'.repeat(43), signature: 'C'.repeat(86) };

/** A roster after `hello`, recording every event as `name:id[:source]`. */
function roster(...others: ReturnType<typeof entry>[]) {
  const roster = new Roster();
  const events: string[] = [];
  const record = (name: string) => (view: ParticipantView, source?: TrackSource) => events.push([name, view.id, source].filter(Boolean).join(':'));
  roster.on('participantjoined', record('joined'));
  roster.on('participantleft', record('left'));
  roster.on('participantupdated', record('updated'));
  roster.on('trackadded', (view, source) => record('trackadded')(view, source));
  roster.on('trackremoved', (view, source) => record('trackremoved')(view, source));
  roster.handleWelcome(SELF, others);
  return { roster, events };
}

describe('Roster', () => {
  it('handleWelcome() fills self and the others silently, self first', () => {
    const { roster: r, events } = roster(entry('bob', 'Bob', { tracks: [{ source: 'mic', paused: false }] }));
    expect(r.views.map((view) => [view.id, view.isSelf])).to.deep.equal([['me', true], ['bob', false]]);
    expect(r.self?.id).to.equal('me');
    expect(r.view('bob')?.audioMuted).to.equal(false);
    expect(events).to.deep.equal([]);
  });

  it('handleParticipantJoined() adds and announces; the keys stay for the chat', () => {
    const { roster: r, events } = roster();
    r.handleParticipantJoined(entry('bob', 'Bob', { keys: KEYS }));
    expect(events).to.deep.equal(['joined:bob']);
    expect(r.keysOf('bob')).to.deep.equal(KEYS);
    expect(r.members()).to.deep.equal([{ id: 'bob', keys: KEYS }]);
  });

  it('handleParticipantUpdated() changes role, name and hand, and the new view replaces the old', () => {
    const { roster: r, events } = roster(entry('bob', 'Bob'));
    const before = r.view('bob');
    r.handleParticipantUpdated(entry('bob', 'Robert', { role: 'host', handRaised: true }));
    expect(r.view('bob')).to.include({ displayName: 'Robert', role: 'host', handRaised: true });
    expect(r.view('bob')).not.to.equal(before);
    expect(before?.displayName).to.equal('Bob');
    expect(events).to.deep.equal(['updated:bob']);
  });

  it('handleParticipantLeft() ends their received tracks, then they leave; their name stays known', () => {
    const { roster: r, events } = roster(entry('bob', 'Bob'));
    const camera = track('video');
    r.handleTrackReceived('bob', 'camera', camera, false);
    events.length = 0;
    r.handleParticipantLeft('bob');
    expect(events).to.deep.equal(['trackremoved:bob:camera', 'left:bob']);
    expect(r.has('bob')).to.equal(false);
    expect(r.nameOf('bob')).to.equal('Bob');
  });

  it('handleTrackReceived() announces the track, then the update; mute follows the published state', () => {
    const { roster: r, events } = roster(entry('bob', 'Bob'));
    r.handleTrackPublished('bob', 'mic', true);
    expect(events).to.deep.equal([]);
    const mic = track('audio');
    r.handleTrackReceived('bob', 'mic', mic, true);
    expect(events).to.deep.equal(['trackadded:bob:mic', 'updated:bob']);
    expect(r.view('bob')?.tracks.mic).to.equal(mic);
    expect(r.view('bob')?.audioMuted).to.equal(true);
    r.handleTrackPaused('bob', 'mic', false);
    expect(r.view('bob')?.audioMuted).to.equal(false);
  });

  it('handleTrackEnded() removes the track and announces it', () => {
    const { roster: r, events } = roster(entry('bob', 'Bob'));
    r.handleTrackReceived('bob', 'camera', track('video'), false);
    events.length = 0;
    r.handleTrackEnded('bob', 'camera');
    expect(events).to.deep.equal(['trackremoved:bob:camera', 'updated:bob']);
    expect(r.view('bob')?.videoOff).to.equal(true);
  });

  it('ignores tracks of someone it does not know (they left meanwhile)', () => {
    const { roster: r, events } = roster();
    r.handleTrackReceived('ghost', 'camera', track('video'), false);
    r.handleTrackPaused('ghost', 'camera', true);
    r.handleTrackEnded('ghost', 'camera');
    expect(events).to.deep.equal([]);
    expect(r.has('ghost')).to.equal(false);
  });

  it('handleLocalTrack() updates self: published, muted, unpublished', () => {
    const { roster: r, events } = roster();
    const mic = track('audio');
    r.handleLocalTrack('mic', { paused: false, track: mic });
    expect(r.self?.tracks.mic).to.equal(mic);
    expect(r.self?.audioMuted).to.equal(false);
    r.handleLocalTrack('mic', { paused: true, track: mic });
    expect(r.self?.audioMuted).to.equal(true);
    r.handleLocalTrack('mic', undefined);
    expect(r.self?.tracks.mic).to.equal(undefined);
    expect(events).to.deep.equal(['updated:me', 'updated:me', 'updated:me']);
  });

  it('screenSharerId is the latest to share a screen', () => {
    const { roster: r } = roster(entry('bob'), entry('cat'));
    expect(r.screenSharerId).to.equal(undefined);
    r.handleTrackReceived('bob', 'screen', track('video'), false);
    r.handleTrackReceived('cat', 'screen', track('video'), false);
    expect(r.screenSharerId).to.equal('cat');
  });

  it('handleLost() makes everyone else leave once shown; handleJoined() after it announces them again', () => {
    const { roster: r, events } = roster(entry('bob'), entry('cat'));
    r.handleJoined();
    r.handleLost();
    expect(events).to.deep.equal(['left:bob', 'left:cat']);
    expect(r.views.map((view) => view.id)).to.deep.equal(['me']);
    events.length = 0;
    r.handleWelcome(SELF, [entry('bob')]);
    expect(events).to.deep.equal([]);
    r.handleJoined();
    expect(events).to.deep.equal(['joined:bob']);
  });

  it('handleLost() before the join completed says nothing: nobody was shown', () => {
    const { roster: r, events } = roster(entry('bob'));
    r.handleLost();
    expect(events).to.deep.equal([]);
  });

  it('handleJoined() on the first join announces nobody: the others came with the meeting', () => {
    const { roster: r, events } = roster(entry('bob'));
    r.handleJoined();
    expect(events).to.deep.equal([]);
  });

  it('handleWelcome() starts a new join: names of the last one are forgotten', () => {
    const { roster: r } = roster(entry('bob', 'Bob'));
    r.handleParticipantLeft('bob');
    r.handleWelcome(SELF, []);
    expect(r.nameOf('bob')).to.equal(undefined);
  });
});
