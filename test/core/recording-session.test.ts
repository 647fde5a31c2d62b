import { expect } from '@open-wc/testing';
import { InvalidStateError, RequestError } from '../../src/core/errors.js';
import { fetchRecordingNotice } from '../../src/core/recording/recording-notice.js';
import { RecordingSession } from '../../src/core/recording/recording-session.js';
import type { RecordingView } from '../../src/core/recording/recording-types.js';
import { parseNotification, type RecordingState } from '../../src/protocol/index.js';
import { FakeLink, rejection } from './fakes.js';

const ID = '1f3c7bb4-b422-4699-a98c-f714b39a49a8';

/** A recordingState notification as the server sends it, checked against the protocol's schema. */
function state(patch: Partial<RecordingState> = {}): RecordingState {
  const data: RecordingState = {
    state: 'on',
    recordingId: ID,
    startedBy: { id: 'hana', displayName: 'Hana' },
    startedAt: 1000,
    consentedAt: null,
    ...patch,
  };
  return parseNotification('recordingState', data)!.data as RecordingState;
}

function attached(initial?: RecordingState) {
  const recording = new RecordingSession();
  const link = new FakeLink();
  const changes: RecordingView[] = [];
  recording.on('recordingchange', (view) => changes.push(view));
  recording.attach(link, initial);
  return { recording, link, changes };
}

describe('RecordingSession', () => {
  it('attach() takes the recording the welcome described; a recording under way not agreed to needs consent', () => {
    const { recording, changes } = attached(state());
    expect(recording.current).to.deep.equal({
      state: 'on',
      recordingId: ID,
      startedBy: { id: 'hana', displayName: 'Hana' },
      startedAt: 1000,
      consentedAt: undefined,
      needsConsent: true,
      stoppedBecause: undefined,
    });
    expect(changes).to.have.length(1);
  });

  it('handleRecordingState() emits recordingchange only when something changed', () => {
    const { recording, changes } = attached();
    expect(recording.current.state).to.equal('off');
    expect(changes).to.deep.equal([]);
    recording.handleRecordingState(state({ state: 'starting' }));
    recording.handleRecordingState(state({ state: 'starting' }));
    recording.handleRecordingState(state({ state: 'on', consentedAt: 2000 }));
    expect(changes.map((view) => [view.state, view.needsConsent, view.consentedAt])).to.deep.equal([
      ['starting', true, undefined],
      ['on', false, 2000],
    ]);
    recording.handleRecordingState(state({ state: 'off', recordingId: null, startedBy: null, startedAt: null }));
    expect(recording.current.needsConsent).to.equal(false);
    expect(recording.current.recordingId).to.equal(undefined);
  });

  it('start(), stop() and consent() send their requests, checked against the protocol schema', async () => {
    const { recording, link } = attached(state());
    link.answer('startRecording', { recordingId: ID });
    link.answer('recordingConsent', { consentedAt: 5000 });
    await recording.start();
    expect(await recording.consent()).to.equal(5000);
    await recording.stop();
    expect(link.sent).to.deep.equal([
      { method: 'startRecording', data: {} },
      { method: 'recordingConsent', data: { recordingId: ID } },
      { method: 'stopRecording', data: {} },
    ]);
    expect(recording.current.consentedAt).to.equal(5000);
    expect(recording.current.needsConsent).to.equal(false);
  });

  it('consent() rejects with InvalidStateError when no recording waits for it, and sends nothing', async () => {
    const { recording, link } = attached(state({ consentedAt: 10 }));
    expect(await rejection(recording.consent())).to.be.instanceOf(InvalidStateError);
    recording.handleRecordingState(state({ state: 'off', recordingId: null, startedBy: null, startedAt: null }));
    expect(await rejection(recording.consent())).to.be.instanceOf(InvalidStateError);
    expect(link.sent).to.deep.equal([]);
  });

  it('a start the server refuses rejects with its RequestError', async () => {
    const { recording, link } = attached();
    link.answer('startRecording', new RequestError('startRecording', 'recording_unavailable', 'no ffmpeg'));
    const error = await rejection(recording.start());
    expect(error).to.be.instanceOf(RequestError);
    expect((error as RequestError).code).to.equal('recording_unavailable');
  });

  it('detach() forgets the recording and refuses requests with InvalidStateError', async () => {
    const { recording, changes } = attached(state());
    recording.detach();
    expect(recording.current.state).to.equal('off');
    expect(changes.at(-1)?.state).to.equal('off');
    expect(await rejection(recording.start())).to.be.instanceOf(InvalidStateError);
  });

  it('the hello carries the recording agreed to before joining, or agreed to in the meeting, and nothing otherwise', async () => {
    const fresh = new RecordingSession();
    expect(fresh.helloConsent()).to.deep.equal({});
    fresh.agreeBeforeJoin(ID);
    expect(fresh.helloConsent()).to.deep.equal({ recordingConsent: ID });
    fresh.agreeBeforeJoin(undefined);
    expect(fresh.helloConsent()).to.deep.equal({});

    const { recording, link } = attached(state());
    link.answer('recordingConsent', { consentedAt: 5000 });
    await recording.consent();
    expect(recording.helloConsent()).to.deep.equal({ recordingConsent: ID }, 'a rejoin keeps the consent given');
  });
});

describe('fetchRecordingNotice', () => {
  const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

  it('asks the meeting\'s recording-notice with the join token and gives the recording under way', async () => {
    const asked: { url: string; authorization: string | null }[] = [];
    const recording = { recordingId: ID, startedBy: { displayName: 'Hana' }, startedAt: 1000 };
    const result = await fetchRecordingNotice('https://meet.example.com', '123456789', 'tok', async (url, init) => {
      asked.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify({ recording }), { status: 200 });
    });
    expect(result).to.deep.equal(recording);
    expect(asked).to.deep.equal([{ url: 'https://meet.example.com/api/meetings/123456789/recording-notice', authorization: 'Bearer tok' }]);
    expect(await fetchRecordingNotice('https://meet.example.com', '123456789', 'tok', answer(200, { recording: null }))).to.equal(undefined);
  });

  it('an answer that is refused, malformed or missing counts as none (the meeting asks instead)', async () => {
    expect(await fetchRecordingNotice('', '123456789', 'tok', answer(401, { error: 'token_invalid' }))).to.equal(undefined);
    expect(await fetchRecordingNotice('', '123456789', 'tok', answer(200, { recording: { recordingId: 5 } }))).to.equal(undefined);
    expect(await fetchRecordingNotice('', '123456789', 'tok', async () => Promise.reject(new TypeError('offline')))).to.equal(undefined);
  });
});
