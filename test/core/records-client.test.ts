import { expect } from '@open-wc/testing';
import {
  RecordsClient,
  RecordsError,
  filenameFromDisposition,
  type MeetingRecord,
  type MeetingSummary,
  type RecordingSummary,
  type SmartAnswer,
  type SmartRecording,
} from '../../src/core/records/index.js';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers each call with the next of `responses` and records what was asked. */
function stubFetch(...responses: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    calls.push({ url, init });
    const next = responses.shift();
    if (next === undefined) throw new Error(`unexpected request ${url}`);
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function header(call: Call | undefined, name: string): string | null {
  return new Headers(call?.init.headers).get(name);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const SUMMARY: MeetingSummary = {
  id: '600000001',
  topic: 'Weekly sync',
  creatorUserId: 'hana',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_600_000,
  participantCount: 2,
};

const RECORD: MeetingRecord = {
  ...SUMMARY,
  participations: [
    { id: 1, userId: 'hana', displayName: 'Hana', role: 'host', joinedAt: 1_700_000_000_000, leftAt: 1_700_000_600_000, durationMs: 600_000, recordingConsentedAt: null },
  ],
};

describe('RecordsClient', () => {
  it('listMeetings() sends the bearer token to /api/meetings and parses the page', async () => {
    const { fetch, calls } = stubFetch(json({ meetings: [SUMMARY], next: '1700000000000.600000001' }));
    const client = new RecordsClient({ server: 'https://meet.example.com/', token: 'jwt-1', fetch });
    const page = await client.listMeetings();
    expect(page).to.deep.equal({ meetings: [SUMMARY], next: '1700000000000.600000001' });
    expect(calls[0]!.url).to.equal('https://meet.example.com/api/meetings');
    expect(header(calls[0], 'authorization')).to.equal('Bearer jwt-1');
  });

  it('listMeetings() passes limit and before and leaves next out on the last page', async () => {
    const { fetch, calls } = stubFetch(json({ meetings: [] }));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const page = await client.listMeetings({ limit: 5, before: '1700000000000.600000001' });
    expect(page).to.deep.equal({ meetings: [] });
    expect(page).not.to.have.property('next');
    expect(calls[0]!.url).to.equal('/api/meetings?limit=5&before=1700000000000.600000001');
  });

  it('listMeetings() throws RangeError for a limit outside 1–100 without a request', async () => {
    const { fetch, calls } = stubFetch();
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const error = await rejection(client.listMeetings({ limit: 0 }));
    expect(error).to.be.instanceOf(RangeError);
    expect((error as Error).message).to.equal('"limit" expected integer 1–100, got 0');
    expect(calls).to.have.length(0);
  });

  it('getMeeting() reads /api/meetings/<id> with its participations', async () => {
    const { fetch, calls } = stubFetch(json(RECORD));
    const client = new RecordsClient({ server: 'https://meet.example.com', token: 't', fetch });
    expect(await client.getMeeting('600000001')).to.deep.equal(RECORD);
    expect(calls[0]!.url).to.equal('https://meet.example.com/api/meetings/600000001');
  });

  it('getMeeting() passes the polls through, ballots only where the server sent them', async () => {
    const polls: MeetingRecord['polls'] = [
      {
        id: 'p1', question: 'Lunch?', options: ['Pizza', 'Sushi'], multiple: false, anonymous: false, resultsShared: true,
        state: 'closed', createdAt: 1_700_000_100_000, voters: 1, counts: [1, 0],
        ballots: [{ userId: 'hana', displayName: 'Hana', avatarUrl: null, choices: [0] }],
      },
      {
        id: 'p2', question: 'Mood?', options: ['Good', 'Hard'], multiple: false, anonymous: true, resultsShared: false,
        state: 'closed', createdAt: 1_700_000_200_000, voters: 2, counts: [1, 1],
      },
    ];
    const { fetch } = stubFetch(json({ ...RECORD, polls }));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const record = await client.getMeeting('600000001');
    expect(record.polls).to.deep.equal(polls);
    expect(record.polls![1]).not.to.have.property('ballots');
  });

  it('getMeeting() rejects malformed polls with RecordsError code invalid_response', async () => {
    const client = (body: unknown) => new RecordsClient({ server: '', token: 't', fetch: stubFetch(json(body)).fetch });
    const poll = { id: 'p1', question: 'Lunch?', options: ['Pizza'], anonymous: false, voters: 1, counts: [1] };
    for (const polls of ['none', [{ ...poll, counts: '1' }], [{ ...poll, ballots: [{ displayName: 'Hana', choices: 'all' }] }]]) {
      const error = (await rejection(client({ ...RECORD, polls }).getMeeting('600000001'))) as RecordsError;
      expect(error).to.be.instanceOf(RecordsError);
      expect(error.code).to.equal('invalid_response');
    }
  });

  it('getMeeting() throws TypeError for an id that is not nine digits', async () => {
    const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch().fetch });
    const error = await rejection(client.getMeeting('../audit'));
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.equal('"id" expected nine-digit meeting id, got "../audit"');
  });

  it('exportMeeting() resolves with the blob and the file name from Content-Disposition', async () => {
    const { fetch, calls } = stubFetch(
      new Response('meeting_id,topic\r\n600000001,Weekly sync\r\n', {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="meeting-600000001.csv"' },
      }),
    );
    const client = new RecordsClient({ server: '', token: 'jwt-2', fetch });
    const { blob, filename } = await client.exportMeeting('600000001', 'csv');
    expect(filename).to.equal('meeting-600000001.csv');
    expect(blob.type).to.contain('text/csv');
    expect(await blob.text()).to.contain('600000001,Weekly sync');
    expect(calls[0]!.url).to.equal('/api/meetings/600000001/export?format=csv');
    expect(header(calls[0], 'authorization')).to.equal('Bearer jwt-2');
  });

  it('exportMeeting() names the file after the meeting when the server gives no name', async () => {
    const { fetch } = stubFetch(new Response('{}', { headers: { 'content-type': 'application/json' } }));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    expect((await client.exportMeeting('600000001', 'json')).filename).to.equal('meeting-600000001.json');
  });

  it('exportMeeting() throws RangeError for an unknown format', async () => {
    const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch().fetch });
    const error = await rejection(client.exportMeeting('600000001', 'xml' as 'csv'));
    expect(error).to.be.instanceOf(RangeError);
  });

  it('filenameFromDisposition() keeps only the name, never a path', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).to.equal('passwd');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''r%C3%A9union.csv")).to.equal('réunion.csv');
    expect(filenameFromDisposition('attachment; filename=plain.json')).to.equal('plain.json');
    expect(filenameFromDisposition('attachment')).to.equal(undefined);
    expect(filenameFromDisposition(null)).to.equal(undefined);
  });

  it('listAudit() reads /api/audit with the limit', async () => {
    const entries = [{ id: 2, actorUserId: 'hana', action: 'export', meeting: '600000001', format: 'csv', at: 1_700_000_700_000 }];
    const { fetch, calls } = stubFetch(json({ entries }));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    expect(await client.listAudit(50)).to.deep.equal(entries);
    expect(calls[0]!.url).to.equal('/api/audit?limit=50');
  });

  it('rejects a 401 with RecordsError carrying the token error code', async () => {
    const { fetch } = stubFetch(json({ error: 'token expired', code: 'token_expired' }, 401));
    const client = new RecordsClient({ server: '', token: 'old', fetch });
    const error = await rejection(client.listMeetings());
    expect(error).to.be.instanceOf(RecordsError);
    expect((error as RecordsError).status).to.equal(401);
    expect((error as RecordsError).code).to.equal('token_expired');
    expect((error as RecordsError).message).to.equal('token expired');
  });

  it('rejects a 403 with RecordsError code forbidden', async () => {
    const { fetch } = stubFetch(json({ error: "only the meeting's creator can read its records" }, 403));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const error = (await rejection(client.getMeeting('600000001'))) as RecordsError;
    expect(error).to.be.instanceOf(RecordsError);
    expect([error.status, error.code]).to.deep.equal([403, 'forbidden']);
  });

  it('rejects a 404 with RecordsError code not_found', async () => {
    const { fetch } = stubFetch(json({ error: 'no such meeting' }, 404));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const error = (await rejection(client.exportMeeting('600000001', 'json'))) as RecordsError;
    expect(error).to.be.instanceOf(RecordsError);
    expect([error.status, error.code, error.message]).to.deep.equal([404, 'not_found', 'no such meeting']);
  });

  it('rejects a 400 with RecordsError code bad_request', async () => {
    const { fetch } = stubFetch(json({ error: 'limit must be 1–100' }, 400));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const error = (await rejection(client.listMeetings({ before: 'x' }))) as RecordsError;
    expect([error.status, error.code]).to.deep.equal([400, 'bad_request']);
  });

  it('rejects a failed request with RecordsError code network_error and the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const { fetch } = stubFetch(cause);
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const error = (await rejection(client.listAudit())) as RecordsError;
    expect([error.status, error.code]).to.deep.equal([0, 'network_error']);
    expect(error.cause).to.equal(cause);
  });

  it('rejects a malformed answer with RecordsError code invalid_response', async () => {
    const { fetch } = stubFetch(json({ rows: [] }));
    const client = new RecordsClient({ server: '', token: 't', fetch });
    const error = (await rejection(client.listMeetings())) as RecordsError;
    expect(error.code).to.equal('invalid_response');
  });

  describe('smart recordings', () => {
    const RID = '3b0c4a52-8a5e-4f51-9c7e-2d7c1b2a9f10';
    const BASE = `/api/meetings/600000001/recordings/${RID}`;
    const RESULT: SmartRecording = {
      version: 1,
      recordingId: RID,
      language: 'en',
      duration: 65,
      speakers: [{ id: 'p1', name: 'Hana' }],
      turns: [{ speaker: 'p1', start: 0, end: 4 }],
      transcript: {
        available: true, engine: 'pocketsphinx', confidence: 0.8, weak: false,
        lines: [{ speaker: 'p1', start: 0, end: 4, text: 'Let us start.', confidence: 0.8, words: [] }],
      },
      chapters: [{ title: 'Opening', start: 0, end: 65, keyPhrases: ['start'] }],
      speakerSummaries: [{ speaker: 'p1', name: 'Hana', talkTime: 4, share: 1, turns: 1, keySentences: ['Let us start.'], keyPhrases: ['start'] }],
      minutes: {
        title: 'Weekly sync', date: 1_700_000_000_000, attendees: ['Hana'], duration: 65, agenda: [{ title: 'Opening', start: 0 }],
        keyPoints: ['Let us start.'], decisions: [], actionItems: [{ who: null, what: 'Send the notes', at: 3 }], writtenBy: 'extractive',
      },
      topics: [{ phrase: 'start', weight: 1, occurrences: [0] }],
    };
    const READY: SmartAnswer = {
      status: { state: 'ready', stage: null, progress: 1, updatedAt: 1_700_000_700_000 },
      result: RESULT,
      exports: { markdown: `${BASE}/smart/minutes.md?access=a`, json: `${BASE}/smart/smart.json?access=b`, vtt: `${BASE}/smart/captions.vtt?access=c` },
    };
    const recording = (smart: unknown): Record<string, unknown> => ({
      id: RID, state: 'ready', progress: 1, startedAt: 1, stoppedAt: 2, duration: 65, size: 1, startedBy: 'Hana', participants: [], files: [], smart,
    });

    it('getSmartRecording() reads …/smart with the bearer token and makes the export links absolute', async () => {
      const { fetch, calls } = stubFetch(json(READY));
      const client = new RecordsClient({ server: 'https://meet.example.com', token: 'jwt-3', fetch });
      const answer = await client.getSmartRecording('600000001', RID);
      expect(calls[0]!.url).to.equal(`https://meet.example.com${BASE}/smart`);
      expect(header(calls[0], 'authorization')).to.equal('Bearer jwt-3');
      expect(answer.result).to.deep.equal(RESULT);
      expect(answer.exports).to.deep.equal({
        markdown: `https://meet.example.com${BASE}/smart/minutes.md?access=a`,
        json: `https://meet.example.com${BASE}/smart/smart.json?access=b`,
        vtt: `https://meet.example.com${BASE}/smart/captions.vtt?access=c`,
      });
    });

    it('getSmartRecording() passes a job under way through, without a result', async () => {
      const processing: SmartAnswer = { status: { state: 'processing', stage: 'transcribing', progress: 0.4, updatedAt: 1 }, result: null, exports: null };
      const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json(processing)).fetch });
      expect(await client.getSmartRecording('600000001', RID)).to.deep.equal(processing);
    });

    it('getSmartRecording() rejects a malformed answer with RecordsError invalid_response, naming where, not what', async () => {
      const lines = [{ ...RESULT.transcript.lines[0]!, start: -1 }];
      const malformed = [
        { ...READY, status: { ...READY.status, state: 'done' } },
        { ...READY, result: { ...RESULT, transcript: { ...RESULT.transcript, lines } } },
        { ...READY, result: { ...RESULT, extra: true } },
        { ...READY, exports: { ...READY.exports, vtt: 'https://evil.example.com/captions.vtt' } },
        'not an answer',
      ];
      for (const body of malformed) {
        const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json(body)).fetch });
        const error = (await rejection(client.getSmartRecording('600000001', RID))) as RecordsError;
        expect(error).to.be.instanceOf(RecordsError);
        expect(error.code).to.equal('invalid_response');
        expect(error.message).not.to.contain('Let us start');
      }
      const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json(malformed[1])).fetch });
      expect(((await rejection(client.getSmartRecording('600000001', RID))) as Error).message).to.contain('result.transcript.lines.0.start');
    });

    it('getSmartRecording() rejects a 404 { error: { code } } with RecordsError not_found', async () => {
      const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json({ error: { code: 'not_found' } }, 404)).fetch });
      const error = (await rejection(client.getSmartRecording('600000001', RID))) as RecordsError;
      expect([error.status, error.code]).to.deep.equal([404, 'not_found']);
    });

    it('getSmartRecording() throws TypeError for a recording id that is not one, without a request', async () => {
      const { fetch, calls } = stubFetch();
      const client = new RecordsClient({ server: '', token: 't', fetch });
      const error = await rejection(client.getSmartRecording('600000001', '../../audit'));
      expect(error).to.be.instanceOf(TypeError);
      expect((error as Error).message).to.equal('"recordingId" expected a recording id, got "../../audit"');
      expect(calls).to.have.length(0);
    });

    it('retrySmartRecording() posts …/smart/retry and resolves with the new status', async () => {
      const status = { state: 'queued', stage: null, progress: 0, updatedAt: 2 };
      const { fetch, calls } = stubFetch(json({ status }, 202));
      const client = new RecordsClient({ server: 'https://meet.example.com', token: 'jwt-4', fetch });
      expect(await client.retrySmartRecording('600000001', RID)).to.deep.equal(status);
      expect(calls[0]!.url).to.equal(`https://meet.example.com${BASE}/smart/retry`);
      expect(calls[0]!.init.method).to.equal('POST');
      expect(header(calls[0], 'authorization')).to.equal('Bearer jwt-4');
    });

    it('retrySmartRecording() rejects a 409 with RecordsError conflict and a malformed status with invalid_response', async () => {
      const busy = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json({ error: { code: 'conflict', message: 'not failed' } }, 409)).fetch });
      const conflict = (await rejection(busy.retrySmartRecording('600000001', RID))) as RecordsError;
      expect([conflict.status, conflict.code, conflict.message]).to.deep.equal([409, 'conflict', 'not failed']);
      const odd = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json({ status: { state: 'queued' } }, 202)).fetch });
      expect(((await rejection(odd.retrySmartRecording('600000001', RID))) as RecordsError).code).to.equal('invalid_response');
    });

    it('listRecordings() checks each recording\'s smart status, reading an absent one as null', async () => {
      const status = { state: 'processing', stage: 'voice-activity', progress: 0.25, updatedAt: 3 };
      const { fetch } = stubFetch(json({ recordings: [recording(status), recording(undefined)] }));
      const recordings: RecordingSummary[] = await new RecordsClient({ server: '', token: 't', fetch }).listRecordings('600000001');
      expect(recordings.map((item) => item.smart)).to.deep.equal([status, null]);
      for (const smart of [{ ...status, progress: 2 }, { ...status, stage: 'thinking' }, 'ready']) {
        const client = new RecordsClient({ server: '', token: 't', fetch: stubFetch(json({ recordings: [recording(smart)] })).fetch });
        expect(((await rejection(client.listRecordings('600000001'))) as RecordsError).code).to.equal('invalid_response');
      }
    });
  });

  it('constructor throws TypeError for a token that is not a string', () => {
    expect(() => new RecordsClient({ server: '', token: 42 as unknown as string })).to.throw(TypeError, '"token" expected string, got type=number');
  });
});
