import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/history/we-history.js';
import type { MeetingRecord, RecordingSummary, SmartRecording, SmartStatus } from '../../src/core/records/index.js';
import type { WeHistoryElement } from '../../src/elements/history/history-element.js';
import { SMART_STATUS, smartAnswer, smartRecording, smartRecordingWithoutTranscript } from '../../stories/fake-smart-recording.js';
import { button, query, queryAll, type } from './helpers.js';

// A recording's smart recording in <we-history>: its processing, then chapters, transcript,
// summaries, minutes, topics and exports in a view loaded on demand.

const MEETING = '600000001';
const ID = '3b0c4a52-8a5e-4f51-9c7e-2d7c1b2a9f10';
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const RECORD: MeetingRecord = { id: MEETING, topic: 'Weekly sync', creatorUserId: 'hana', startedAt: T0, endedAt: T0 + 3_600_000, participantCount: 3, participations: [], polls: [] };

function recording(smart: SmartStatus | null): RecordingSummary {
  const link = (file: string) => `/api/meetings/${MEETING}/recordings/${ID}/files/${file}?access=1.x.y`;
  return {
    id: ID, state: 'ready', progress: 1, startedAt: T0, stoppedAt: T0 + 2_700_000, duration: 2700, size: 1024, startedBy: 'Hana', participants: [], smart,
    files: [{ name: 'composite.mp4', kind: 'composite', media: 'video', size: 1024, offset: 0, duration: 2700, url: link('composite.mp4') }],
  };
}

interface FakeOptions {
  /** The smart status of the meeting's one recording, listing after listing (the last repeats). */
  statuses: (SmartStatus | null)[];
  /** What the smart route answers (by default the weekly sync's smart recording). */
  answer?: unknown;
  result?: SmartRecording;
}

/** A fetch answering like the records API for one meeting with one recording; records the requests. */
function fakeRecords(options: FakeOptions) {
  const requests: { path: string; method: string }[] = [];
  const statuses = [...options.statuses];
  let retried: SmartStatus | undefined;
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const path = new URL(input, location.origin).pathname;
    requests.push({ path, method: init.method ?? 'GET' });
    const base = `/api/meetings/${MEETING}`;
    if (path === '/api/meetings') return Response.json({ meetings: [RECORD] });
    if (path === '/api/audit') return Response.json({ entries: [] });
    if (path === base) return Response.json(RECORD);
    if (path === `${base}/recordings`) {
      const status = retried ?? (statuses.length > 1 ? statuses.shift()! : statuses[0]!);
      return Response.json({ recordings: [recording(status)] });
    }
    if (path === `${base}/recordings/${ID}/smart`) {
      return Response.json(options.answer ?? smartAnswer(MEETING, ID, SMART_STATUS.ready, options.result ?? smartRecording(ID)));
    }
    if (path === `${base}/recordings/${ID}/smart/retry` && init.method === 'POST') {
      retried = { ...SMART_STATUS.queued, updatedAt: T0 + 1 };
      return Response.json({ status: retried }, { status: 202 });
    }
    return Response.json({ error: { code: 'not_found' } }, { status: 404 });
  };
  return { fetch, requests };
}

/** A <we-history> with the meeting's details open, once `selector` shows in its recording. */
async function opened(options: FakeOptions, selector: string) {
  const fake = fakeRecords(options);
  const element = await fixture<WeHistoryElement>(html`<we-history server="https://meet.example.com" token="jwt" .fetch=${fake.fetch}></we-history>`);
  await waitUntil(() => button(element, '600 000 001') !== undefined, 'no meeting listed');
  button(element, '600 000 001')!.click();
  await waitUntil(() => query(element, `article[part="recording"] ${selector}`) !== null, `${selector} did not appear`);
  await element.updateComplete;
  return { element, ...fake };
}

function text(node: Element): string {
  return node.textContent!.replace(/\s+/g, ' ');
}

/** The recording's player, with its seeking and playing captured (it has no media to play). */
function capturePlayer(element: WeHistoryElement) {
  const player = query<HTMLVideoElement>(element, 'video[part="player"]')!;
  const seen = { time: 0, plays: 0 };
  Object.defineProperty(player, 'currentTime', { get: () => seen.time, set: (value: number) => (seen.time = value), configurable: true });
  player.play = async () => void seen.plays++;
  return { player, seen };
}

const lines = (element: WeHistoryElement) => queryAll(element, '[part~="smart-line"]');
const smartViewLoaded = () => performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.endsWith('/history-smart-view.ts'));

describe('<we-history> smart recordings', () => {
  before(() => performance.setResourceTimingBufferSize(10_000));

  // First in the file: once loaded, the view stays loaded for the page.
  it('loads the smart view only once a ready smart recording is shown', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.processing] }, '[part~="smart-state"]');
    expect(smartViewLoaded()).to.equal(false);
    expect(query(element, '[part="smart"]')).to.equal(null);
    await opened({ statuses: [SMART_STATUS.ready] }, '[part="smart"] [part~="smart-line"]');
    expect(smartViewLoaded()).to.equal(true);
  });

  it('is accessible with a ready smart recording', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.ready] }, '[part~="smart-line"]');
    await expect(element).to.be.accessible();
  });

  it('shows a queued one as waiting, and a processing one with its step and a progress bar', async () => {
    const queued = await opened({ statuses: [SMART_STATUS.queued] }, '[part~="smart-state"]');
    expect(text(query(queued.element, '[part~="smart-state"]')!)).to.contain('waiting to start');
    const { element } = await opened({ statuses: [SMART_STATUS.processing] }, '[role="progressbar"]');
    const bar = query(element, '[role="progressbar"]')!;
    expect(bar.getAttribute('part')).to.equal('smart-progress');
    expect([bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuenow')]).to.deep.equal(['0', '100', '45']);
    expect(bar.getAttribute('aria-label')).to.not.equal(null);
    expect(text(query(element, '[part~="smart-state"]')!)).to.contain('Transcribing, 45%');
    await expect(element).to.be.accessible();
  });

  it('asks for the listing again while processing, and shows the smart recording once ready', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.processing, SMART_STATUS.ready] }, '[role="progressbar"]');
    await waitUntil(() => query(element, '[part~="smart-line"]') !== null, 'the ready smart recording never showed', { timeout: 5000 });
    expect(query(element, '[role="progressbar"]')).to.equal(null);
  });

  it('shows why a smart recording failed, and Try again posts the retry and shows the new status', async () => {
    const { element, requests } = await opened({ statuses: [SMART_STATUS.failed] }, '[part~="smart-failed"]');
    expect(text(query(element, '[part~="smart-failed"]')!)).to.contain('out of memory');
    const retry = query<HTMLButtonElement>(element, 'button[part="smart-retry"]')!;
    expect(retry.textContent!.trim()).to.equal('Try again');
    retry.click();
    await waitUntil(() => query(element, '[part~="smart-failed"]') === null, 'still failed');
    expect(text(query(element, '[part~="smart-state"]')!)).to.contain('waiting to start');
    expect(requests.filter((request) => request.path.endsWith('/smart/retry')).map((request) => request.method)).to.deep.equal(['POST']);
  });

  it('shows chapters, transcript, speakers, minutes, topics and exports, with names masked', async () => {
    const { element, requests } = await opened({ statuses: [SMART_STATUS.ready] }, '[part~="smart-line"]');
    const chapters = queryAll(element, 'button[part="smart-chapter"]').map((chapter) => text(chapter).trim());
    expect(chapters).to.deep.equal(['0:00 Release date and the Safari audio bug', '10:00 Customer feedback', '30:00 The offsite in March']);
    expect(lines(element)).to.have.length(13);
    expect(text(lines(element)[2]!)).to.contain('0:22 b***@example.com The build is green');
    const speakers = query(element, '[part="smart-speakers"]')!;
    expect([...speakers.querySelectorAll('h5')].map((name) => name.textContent)).to.deep.equal(['Alice Smith', 'b***@example.com', 'Carol 138****8000']);
    expect(text(speakers)).to.contain('Talk time 0:01:01');
    expect(text(speakers)).to.contain('38% of the speech');
    expect(text(speakers)).to.contain('Turns: 6');
    expect(text(speakers)).to.contain('Then we move the release to Monday.');
    const minutes = text(query(element, '[part="smart-minutes"]')!);
    for (const expected of ['Attendees', 'Agenda', 'The release moves from Thursday to Monday.', 'b***@example.com: Fix the Safari audio bug by Friday.', 'Unassigned: Share the survey']) {
      expect(minutes).to.contain(expected);
    }
    expect(queryAll(element, '[part="smart-topics"] li').map((topic) => topic.textContent)).to.deep.equal(['safari audio bug', 'release', 'transcript', 'offsite']);
    const exports = queryAll<HTMLAnchorElement>(element, '[part="smart-exports"] a[download]').map((link) => link.getAttribute('href'));
    expect(exports).to.deep.equal(
      ['minutes.md', 'smart.json', 'captions.vtt'].map((file) => `https://meet.example.com/api/meetings/${MEETING}/recordings/${ID}/smart/${file}?access=story&download=1`),
    );
    expect(element.shadowRoot!.textContent).not.to.contain('bob.martin');
    expect(element.shadowRoot!.textContent).not.to.contain('0013');
    expect(requests.filter((request) => request.path.endsWith('/smart'))).to.have.length(1);
  });

  it('a chapter plays the recording\'s player from its start', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.ready] }, 'button[part="smart-chapter"]');
    const { seen } = capturePlayer(element);
    queryAll(element, 'button[part="smart-chapter"]')[1]!.click();
    expect(seen).to.deep.equal({ time: 600, plays: 1 });
    lines(element)[7]!.querySelector('button')!.click();
    expect(seen).to.deep.equal({ time: 613, plays: 2 });
  });

  it('marks the line being played as the player moves', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.ready] }, '[part~="smart-line"]');
    const { player, seen } = capturePlayer(element);
    expect(queryAll(element, '[part~="smart-line"][aria-current]')).to.have.length(0);
    seen.time = 615;
    player.dispatchEvent(new Event('timeupdate'));
    await element.updateComplete;
    const current = queryAll(element, '[part~="smart-line"][aria-current="time"]');
    expect(current.map((line) => text(line))).to.have.length(1);
    expect(text(current[0]!)).to.contain('Most customers like the new recording feature');
    expect(current[0]!.getAttribute('part')).to.equal('smart-line smart-line-current');
  });

  it('the transcript search filters the lines, ignoring case, and says how many match', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.ready] }, '[part="smart-search"]');
    const search = query<HTMLInputElement>(element, 'input[part="smart-search"]')!;
    expect(search.labels![0]!.textContent).to.contain('Search the transcript');
    type(search, 'SAFARI');
    await element.updateComplete;
    expect(lines(element).map((line) => line.textContent!.includes('Safari'))).to.deep.equal([true, true, true]);
    expect(text(query(element, '[part="smart-transcript"] [role="status"]')!)).to.contain('3 of 13 lines match');
    type(search, '');
    await element.updateComplete;
    expect(lines(element)).to.have.length(13);
  });

  it('the transcript search finds Chinese text', async () => {
    const result = smartRecording(ID);
    result.transcript.lines = [
      { speaker: 'p-alice', start: 1, end: 5, text: '我们先讨论发布日期。', confidence: null, words: [] },
      { speaker: 'p-bob', start: 6, end: 9, text: 'Safari 的音频问题还没有修好。', confidence: null, words: [] },
    ];
    const { element } = await opened({ statuses: [SMART_STATUS.ready], result }, '[part="smart-search"]');
    type(query<HTMLInputElement>(element, 'input[part="smart-search"]')!, '发布');
    await element.updateComplete;
    expect(lines(element).map((line) => text(line))).to.have.length(1);
    expect(text(lines(element)[0]!)).to.contain('我们先讨论发布日期');
    expect(text(query(element, '[part="smart-transcript"] [role="status"]')!)).to.contain('1 of 2 lines match');
  });

  it('notes a weak transcript as low confidence', async () => {
    const result = smartRecording(ID);
    result.transcript.weak = true;
    const { element } = await opened({ statuses: [SMART_STATUS.ready], result }, '[part="smart-note"]');
    expect(text(query(element, '[part="smart-note"]')!)).to.contain('Low confidence');
  });

  it('without a transcript says why, and still shows the chapters and talk times', async () => {
    const { element } = await opened({ statuses: [SMART_STATUS.ready], result: smartRecordingWithoutTranscript(ID) }, '[part="smart-note"]');
    expect(text(query(element, '[part="smart-note"]')!)).to.contain('The transcript is unavailable. No speech-to-text engine covers Welsh (cy).');
    expect(lines(element)).to.have.length(0);
    expect(query(element, 'input[part="smart-search"]')).to.equal(null);
    expect(queryAll(element, 'button[part="smart-chapter"]')).to.have.length(3);
    expect(text(query(element, '[part="smart-speakers"]')!)).to.contain('Talk time 0:00:36');
    await expect(element).to.be.accessible();
  });

  it('shows an error when the smart recording\'s answer is malformed', async () => {
    const answer = { status: SMART_STATUS.ready, result: { version: 2 }, exports: null };
    const { element } = await opened({ statuses: [SMART_STATUS.ready], answer }, '[part="smart"] [role="alert"]');
    expect(text(query(element, '[part="smart"] [role="alert"]')!)).to.contain('the smart recording is malformed');
    expect(lines(element)).to.have.length(0);
  });
});
