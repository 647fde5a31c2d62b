import { expect } from '@open-wc/testing';
import { RecordsClient, RecordsError, filenameFromDisposition, type MeetingRecord, type MeetingSummary } from '../../src/core/records/index.js';

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

  it('constructor throws TypeError for a token that is not a string', () => {
    expect(() => new RecordsClient({ server: '', token: 42 as unknown as string })).to.throw(TypeError, '"token" expected string, got type=number');
  });
});
