import { expect } from '@open-wc/testing';
import { clearRecentMeetings, loadRecentMeetings, rememberMeeting } from '../../src/core/index.js';
import { RECENT_MEETINGS_KEY } from '../../src/core/recent-meetings.js';

/** An in-memory Storage. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

/** A Storage that refuses everything, like localStorage in a sandboxed iframe. */
function refusingStorage(): Storage {
  const refuse = () => {
    throw new DOMException('The document is sandboxed', 'SecurityError');
  };
  return { length: 0, key: refuse, getItem: refuse, setItem: refuse, removeItem: refuse, clear: refuse };
}

describe('recent meetings', () => {
  it('loadRecentMeetings() returns an empty list when nothing is stored', () => {
    expect(loadRecentMeetings(memoryStorage())).to.deep.equal([]);
  });

  it('rememberMeeting() puts the newest first and keeps a topic', () => {
    const storage = memoryStorage();
    rememberMeeting({ id: '111111111', joinedAt: 1000 }, storage);
    rememberMeeting({ id: '222222222', topic: 'Weekly', joinedAt: 2000 }, storage);
    expect(loadRecentMeetings(storage)).to.deep.equal([
      { id: '222222222', topic: 'Weekly', joinedAt: 2000 },
      { id: '111111111', joinedAt: 1000 },
    ]);
  });

  it('rememberMeeting() de-duplicates by id, moving a rejoined meeting first', () => {
    const storage = memoryStorage();
    rememberMeeting({ id: '111111111', joinedAt: 1000 }, storage);
    rememberMeeting({ id: '222222222', joinedAt: 2000 }, storage);
    rememberMeeting({ id: '111111111', joinedAt: 3000 }, storage);
    expect(loadRecentMeetings(storage).map((meeting) => [meeting.id, meeting.joinedAt])).to.deep.equal([
      ['111111111', 3000],
      ['222222222', 2000],
    ]);
  });

  it('rememberMeeting() keeps at most 10 meetings', () => {
    const storage = memoryStorage();
    for (let index = 0; index < 12; index++) rememberMeeting({ id: `10000000${index}`, joinedAt: index }, storage);
    const meetings = loadRecentMeetings(storage);
    expect(meetings).to.have.length(10);
    expect(meetings[0]!.id).to.equal('1000000011');
    expect(JSON.parse(storage.getItem(RECENT_MEETINGS_KEY)!)).to.have.length(10);
  });

  it('rememberMeeting() rejects an empty id with TypeError', () => {
    expect(() => rememberMeeting({ id: '', joinedAt: 1 }, memoryStorage())).to.throw(TypeError, '"id" expected non-empty string');
  });

  it('loadRecentMeetings() ignores corrupt JSON and malformed entries', () => {
    const storage = memoryStorage();
    storage.setItem(RECENT_MEETINGS_KEY, '{not json');
    expect(loadRecentMeetings(storage)).to.deep.equal([]);
    storage.setItem(RECENT_MEETINGS_KEY, JSON.stringify({ id: '111111111' }));
    expect(loadRecentMeetings(storage)).to.deep.equal([]);
    storage.setItem(
      RECENT_MEETINGS_KEY,
      JSON.stringify([null, 'x', { id: 5, joinedAt: 1 }, { id: '111111111' }, { id: '222222222', joinedAt: 2, topic: 7 }, { id: '333333333', joinedAt: 3 }]),
    );
    expect(loadRecentMeetings(storage)).to.deep.equal([{ id: '333333333', joinedAt: 3 }]);
  });

  it('rememberMeeting() replaces a corrupt list', () => {
    const storage = memoryStorage();
    storage.setItem(RECENT_MEETINGS_KEY, '[[[');
    rememberMeeting({ id: '111111111', joinedAt: 1 }, storage);
    expect(loadRecentMeetings(storage)).to.deep.equal([{ id: '111111111', joinedAt: 1 }]);
  });

  it('clearRecentMeetings() forgets every meeting', () => {
    const storage = memoryStorage();
    rememberMeeting({ id: '111111111', joinedAt: 1 }, storage);
    clearRecentMeetings(storage);
    expect(loadRecentMeetings(storage)).to.deep.equal([]);
    expect(storage.getItem(RECENT_MEETINGS_KEY)).to.equal(null);
  });

  it('never throws when storage refuses access or is missing', () => {
    for (const storage of [refusingStorage(), undefined]) {
      expect(loadRecentMeetings(storage)).to.deep.equal([]);
      expect(rememberMeeting({ id: '111111111', joinedAt: 1 }, storage)).to.deep.equal([{ id: '111111111', joinedAt: 1 }]);
      expect(() => clearRecentMeetings(storage)).not.to.throw();
    }
  });

  it('uses localStorage by default', () => {
    const saved = localStorage.getItem(RECENT_MEETINGS_KEY);
    try {
      clearRecentMeetings();
      rememberMeeting({ id: '123456789', joinedAt: 5 });
      expect(JSON.parse(localStorage.getItem(RECENT_MEETINGS_KEY)!)).to.deep.equal([{ id: '123456789', joinedAt: 5 }]);
      expect(loadRecentMeetings()).to.deep.equal([{ id: '123456789', joinedAt: 5 }]);
    } finally {
      if (saved === null) localStorage.removeItem(RECENT_MEETINGS_KEY);
      else localStorage.setItem(RECENT_MEETINGS_KEY, saved);
    }
  });
});
