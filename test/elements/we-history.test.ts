import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import type { AuditEntry, MeetingRecord, MeetingSummary, RecordingSummary } from '../../src/core/records/index.js';
import { WeExportEvent, WeHistoryElement } from '../../src/index.js';
import { button, nextEvent, query, queryAll } from './helpers.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

function summary(id: string, index: number, patch: Partial<MeetingSummary> = {}): MeetingSummary {
  return { id, topic: `Meeting ${index}`, creatorUserId: 'hana', startedAt: T0 - index * HOUR, endedAt: T0 - index * HOUR + HOUR / 2, participantCount: 3, ...patch };
}

const RECORD: MeetingRecord = {
  ...summary('600000001', 0, { topic: 'Weekly sync' }),
  participations: [
    { id: 1, userId: 'hana', displayName: 'Hana', role: 'host', joinedAt: T0, leftAt: T0 + 3_723_000, durationMs: 3_723_000, recordingConsentedAt: T0 + 30_000 },
    { id: 2, userId: 'alice', displayName: 'alice.smith@example.com', role: 'participant', joinedAt: T0 + 60_000, leftAt: T0 + 665_000, durationMs: 605_000, recordingConsentedAt: null },
    { id: 3, userId: 'bob', displayName: 'Bob +86 138 0013 8000', role: 'participant', joinedAt: T0 + 120_000, leftAt: null, durationMs: null, recordingConsentedAt: null },
  ],
};

interface FakeOptions {
  /** Pages of meetings in order; each but the last gets a `next` cursor. */
  pages?: MeetingSummary[][];
  record?: MeetingRecord;
  audit?: AuditEntry[];
  /** Status and body to answer instead, by path prefix (`/api/meetings/600000001`). */
  fail?: Record<string, { status: number; body: unknown }>;
  /** The selected meeting's recordings, answer after answer (the last repeats); none by default. */
  recordings?: RecordingSummary[][];
}

/** A fetch answering like the records API, recording each request's URL and Authorization header. */
function fakeRecords(options: FakeOptions = {}) {
  const pages = options.pages ?? [[summary('600000001', 0, { topic: 'Weekly sync' }), summary('600000002', 1, { topic: null, endedAt: null })]];
  const requests: { url: URL; authorization: string | null }[] = [];
  const deleted: string[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input, location.origin);
    requests.push({ url, authorization: new Headers(init.headers).get('authorization') });
    const path = url.pathname;
    const failure = Object.entries(options.fail ?? {}).find(([prefix]) => `${path}${url.search}`.startsWith(prefix));
    if (failure) return Response.json(failure[1].body, { status: failure[1].status });
    if (path === '/api/meetings') {
      const before = url.searchParams.get('before');
      const index = before === null ? 0 : Number(before.replace('page-', ''));
      const page = pages[index] ?? [];
      return Response.json(index + 1 < pages.length ? { meetings: page, next: `page-${index + 1}` } : { meetings: page });
    }
    if (path === '/api/audit') return Response.json({ entries: options.audit ?? [] });
    const record = options.record ?? RECORD;
    if (path === `/api/meetings/${record.id}`) return Response.json(record);
    if (path === `/api/meetings/${record.id}/recordings`) {
      const answers = options.recordings ?? [[]];
      const recordings = answers.length > 1 ? answers.shift()! : answers[0]!;
      return Response.json({ recordings: recordings.filter((recording) => !deleted.includes(recording.id)) });
    }
    if (path.startsWith(`/api/meetings/${record.id}/recordings/`) && init.method === 'DELETE') {
      deleted.push(path.split('/').pop()!);
      return new Response(null, { status: 204 });
    }
    if (path === `/api/meetings/${record.id}/export`) {
      const format = url.searchParams.get('format');
      return new Response(format === 'csv' ? 'meeting_id,topic\r\n600000001,Weekly sync\r\n' : JSON.stringify(record), {
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
          'content-disposition': `attachment; filename="meeting-${record.id}.${format}"`,
        },
      });
    }
    return Response.json({ error: 'no such meeting' }, { status: 404 });
  };
  return { fetch, requests };
}

async function history(options: FakeOptions = {}, token = 'creator-jwt') {
  const fake = fakeRecords(options);
  const element = await fixture<WeHistoryElement>(html`<we-history server="https://meet.example.com" .token=${token} .fetch=${fake.fetch}></we-history>`);
  return { element, ...fake };
}

function text(node: Element): string {
  return (node.shadowRoot ?? node).textContent!.replace(/\s+/g, ' ');
}

async function settled(element: WeHistoryElement, selector: string): Promise<void> {
  await waitUntil(() => query(element, selector) !== null, `${selector} did not appear`);
  await element.updateComplete;
}

function meetingRows(element: WeHistoryElement): string[] {
  return queryAll(element, 'section[part="meetings"] tbody tr').map((row) => row.getAttribute('data-meeting-id')!);
}

async function openDetails(element: WeHistoryElement, id = '600 000 001'): Promise<void> {
  await settled(element, 'section[part="meetings"] table');
  button(element, id)!.click();
  await settled(element, 'section[part="details"] table');
}

/** Captures the temporary download link's click (and stops the real download). */
function captureDownloads(element: WeHistoryElement) {
  const downloads: { filename: string; href: string }[] = [];
  element.shadowRoot!.addEventListener(
    'click',
    (event) => {
      const link = event.composedPath()[0];
      if (link instanceof HTMLAnchorElement && link.download !== '') {
        event.preventDefault();
        downloads.push({ filename: link.download, href: link.href });
      }
    },
    { capture: true },
  );
  return downloads;
}

describe('<we-history>', () => {
  it('renders the Your meetings table', async () => {
    const { element } = await history();
    expect(element).to.be.instanceOf(WeHistoryElement);
    expect(query(element, 'h2')!.textContent).to.equal('Your meetings');
    await settled(element, 'section[part="meetings"] table');
    expect(query(element, 'section[part="meetings"] caption')!.textContent).to.contain('Your meetings');
  });

  it('is accessible', async () => {
    const { element } = await history({ audit: [{ id: 4, actorUserId: 'hana', action: 'list', meeting: null, format: null, at: T0 }] });
    await settled(element, 'section[part="audit"] table');
    await expect(element).to.be.accessible();
  });

  it('is accessible with a meeting\'s details open', async () => {
    const { element } = await history();
    await openDetails(element);
    await expect(element).to.be.accessible();
  });

  it('shows a loading status until the first page arrives', async () => {
    const element = await fixture<WeHistoryElement>(html`<we-history token="t" .fetch=${() => new Promise<Response>(() => {})}></we-history>`);
    expect(query(element, '[role="status"]')!.textContent).to.contain('Loading your meetings');
  });

  it('asks to sign in and sends no request without a token', async () => {
    const fake = fakeRecords();
    const element = await fixture<WeHistoryElement>(html`<we-history .fetch=${fake.fetch}></we-history>`);
    expect(text(element)).to.contain('Sign in to see your meetings');
    expect(fake.requests).to.have.length(0);
  });

  it('lists the meetings from the server with the token as bearer', async () => {
    const { element, requests } = await history();
    await settled(element, 'section[part="meetings"] table');
    expect(meetingRows(element)).to.deep.equal(['600000001', '600000002']);
    const [first, second] = queryAll(element, 'section[part="meetings"] tbody tr');
    expect(first!.querySelector('button')!.textContent).to.equal('600 000 001');
    expect(first!.textContent).to.contain('Weekly sync');
    expect(second!.textContent).to.contain('—');
    expect(second!.textContent).to.contain('In progress');
    expect(second!.querySelector('td.number')!.textContent).to.equal('3');
    const list = requests.find((request) => request.url.pathname === '/api/meetings')!;
    expect(list.url.origin).to.equal('https://meet.example.com');
    expect(list.url.searchParams.get('limit')).to.equal('20');
    expect(list.authorization).to.equal('Bearer creator-jwt');
  });

  it('says No meetings yet when there are none', async () => {
    const { element } = await history({ pages: [[]] });
    await settled(element, '[part="empty"]');
    expect(query(element, '[part="empty"]')!.textContent).to.equal('No meetings yet');
    expect(query(element, 'section[part="meetings"] table')).to.equal(null);
  });

  it('Load more appends the next page and disappears on the last one', async () => {
    const pages = [
      [summary('600000001', 0), summary('600000002', 1)],
      [summary('600000003', 2)],
    ];
    const { element, requests } = await history({ pages });
    await settled(element, '[part="more"]');
    button(element, 'Load more')!.click();
    await waitUntil(() => meetingRows(element).length === 3, 'the second page did not arrive');
    await element.updateComplete;
    expect(meetingRows(element)).to.deep.equal(['600000001', '600000002', '600000003']);
    expect(button(element, 'Load more')).to.equal(undefined);
    const second = requests.filter((request) => request.url.pathname === '/api/meetings')[1]!;
    expect(second.url.searchParams.get('before')).to.equal('page-1');
    // The button went away: focus moves to the first meeting it brought.
    expect(element.shadowRoot!.activeElement).to.equal(query(element, 'tr[data-meeting-id="600000003"] button'));
  });

  it('shows a meeting\'s participations with masked names and h:mm:ss durations', async () => {
    const { element } = await history();
    await openDetails(element);
    const details = query(element, 'section[part="details"]')!;
    expect(details.querySelector('h2')!.textContent).to.equal('Meeting 600 000 001');
    expect(element.shadowRoot!.activeElement).to.equal(details.querySelector('h2'));
    const rows = [...details.querySelectorAll('tbody tr')];
    const names = rows.map((row) => row.querySelector('th')!.textContent);
    expect(names).to.deep.equal(['Hana', 'a***@example.com', 'Bob +861******8000']);
    expect(text(details)).not.to.contain('alice.smith');
    expect(text(details)).not.to.contain('0013');
    expect(rows.map((row) => row.querySelector('td.number')!.textContent)).to.deep.equal(['1:02:03', '0:10:05', '—']);
    expect(rows[0]!.textContent).to.contain('Host');
    expect(rows[2]!.textContent).to.contain('Still in the meeting');
    const consentColumn = [...details.querySelectorAll('thead th')].findIndex((th) => th.textContent === 'Agreed to recording');
    expect(consentColumn).to.be.greaterThan(0);
    const consents = rows.map((row) => row.children[consentColumn]!.textContent!.trim());
    expect(consents[0]).not.to.equal('—');
    expect(consents.slice(1)).to.deep.equal(['—', '—']);
    expect(query(element, 'tr[data-meeting-id="600000001"] button')!.getAttribute('aria-current')).to.equal('true');
  });

  it('Close details hides them and returns focus to the meeting', async () => {
    const { element } = await history();
    await openDetails(element);
    button(element, 'Close details')!.click();
    await element.updateComplete;
    await element.updateComplete;
    expect(query(element, 'section[part="details"]')).to.equal(null);
    expect(element.shadowRoot!.activeElement).to.equal(query(element, 'tr[data-meeting-id="600000001"] button'));
  });

  it('Export CSV downloads meeting-<id>.csv through a temporary link and fires we-export', async () => {
    const { element, requests } = await history();
    await openDetails(element);
    const downloads = captureDownloads(element);
    const created: Blob[] = [];
    const revoked: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return createObjectURL(blob);
    };
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
      revokeObjectURL(url);
    };
    try {
      const exported = nextEvent(element, 'we-export');
      button(element, 'Export CSV')!.click();
      const event = await exported;
      expect(event).to.be.instanceOf(WeExportEvent);
      expect([event.meeting, event.format, event.filename]).to.deep.equal(['600000001', 'csv', 'meeting-600000001.csv']);
      expect(event.bubbles && event.composed).to.equal(true);
      expect(downloads).to.have.length(1);
      expect(downloads[0]!.filename).to.equal('meeting-600000001.csv');
      expect(await created[0]!.text()).to.contain('600000001,Weekly sync');
      expect(query(element, 'a[download]')).to.equal(null);
      const exportRequest = requests.find((request) => request.url.pathname.endsWith('/export'))!;
      expect(exportRequest.url.searchParams.get('format')).to.equal('csv');
      expect(exportRequest.authorization).to.equal('Bearer creator-jwt');
      // The object URL is released at the latest with the element.
      element.remove();
      expect(revoked).to.deep.equal([downloads[0]!.href]);
    } finally {
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
    }
  });

  it('Export JSON downloads meeting-<id>.json', async () => {
    const { element } = await history();
    await openDetails(element);
    const downloads = captureDownloads(element);
    const exported = nextEvent(element, 'we-export');
    button(element, 'Export JSON')!.click();
    expect((await exported).format).to.equal('json');
    expect(downloads.map((download) => download.filename)).to.deep.equal(['meeting-600000001.json']);
    element.remove();
  });

  it('lists the access log and refreshes it after an export', async () => {
    const audit: AuditEntry[] = [{ id: 5, actorUserId: 'hana', action: 'list', meeting: null, format: null, at: T0 }];
    const { element, requests } = await history({ audit });
    await settled(element, 'section[part="audit"] table');
    expect(text(query(element, 'section[part="audit"]')!)).to.contain('Listed meetings');
    await openDetails(element);
    captureDownloads(element);
    audit.unshift({ id: 6, actorUserId: 'hana', action: 'export', meeting: '600000001', format: 'csv', at: T0 + 1000 });
    const exported = nextEvent(element, 'we-export');
    button(element, 'Export CSV')!.click();
    await exported;
    await waitUntil(() => query(element, 'section[part="audit"] tbody tr') !== null && queryAll(element, 'section[part="audit"] tbody tr').length === 2);
    const first = query(element, 'section[part="audit"] tbody tr')!;
    expect(first.textContent).to.contain('Exported meeting');
    expect(first.textContent).to.contain('600 000 001');
    expect(first.textContent).to.contain('CSV');
    expect(requests.filter((request) => request.url.pathname === '/api/audit')[0]!.url.searchParams.get('limit')).to.equal('50');
    element.remove();
  });

  it('shows a 401 as an expired session in an alert', async () => {
    const { element } = await history({ fail: { '/api/meetings': { status: 401, body: { error: 'token expired', code: 'token_expired' } } } });
    await settled(element, 'section[part="meetings"] [role="alert"]');
    expect(query(element, 'section[part="meetings"] [role="alert"]')!.textContent).to.contain('Your session has expired or is invalid');
    expect(button(element, 'Try again')).to.equal(undefined);
  });

  it('shows other list failures with Try again, which reloads', async () => {
    const fail: FakeOptions['fail'] = { '/api/meetings?': { status: 500, body: { error: 'internal server error' } } };
    const { element } = await history({ fail });
    await settled(element, '[part="retry"]');
    expect(query(element, '[role="alert"]')!.textContent).to.contain('internal server error');
    delete fail['/api/meetings?'];
    button(element, 'Try again')!.click();
    await settled(element, 'section[part="meetings"] table');
    expect(meetingRows(element)).to.have.length(2);
  });

  it('shows a 403 on details as creator-only', async () => {
    const { element } = await history({ fail: { '/api/meetings/600000001': { status: 403, body: { error: 'forbidden' } } } });
    await settled(element, 'section[part="meetings"] table');
    button(element, '600 000 001')!.click();
    await settled(element, 'section[part="details"] [role="alert"]');
    expect(query(element, 'section[part="details"] [role="alert"]')!.textContent).to.contain('Only the person who created this meeting');
    expect(button(element, 'Export CSV')).to.equal(undefined);
  });

  it('shows a 404 on details as not found', async () => {
    const { element } = await history({ fail: { '/api/meetings/600000002': { status: 404, body: { error: 'no such meeting' } } } });
    await settled(element, 'section[part="meetings"] table');
    button(element, '600 000 002')!.click();
    await settled(element, 'section[part="details"] [role="alert"]');
    expect(query(element, 'section[part="details"] [role="alert"]')!.textContent).to.contain('This meeting was not found');
  });

  it('shows a failed export in an alert and fires no we-export', async () => {
    const { element } = await history({ fail: { '/api/meetings/600000001/export': { status: 401, body: { error: 'expired', code: 'token_expired' } } } });
    await openDetails(element);
    let fired = false;
    element.addEventListener('we-export', () => (fired = true));
    button(element, 'Export JSON')!.click();
    await settled(element, 'section[part="details"] [role="alert"]');
    expect(query(element, 'section[part="details"] [role="alert"]')!.textContent).to.contain('Your session has expired or is invalid');
    expect(fired).to.equal(false);
  });

  it('reloads from the first page when the token changes', async () => {
    const { element, requests } = await history();
    await openDetails(element);
    element.token = 'new-jwt';
    await element.updateComplete;
    expect(query(element, 'section[part="details"]')).to.equal(null);
    await settled(element, 'section[part="meetings"] table');
    expect(requests.at(-1)!.authorization).to.equal('Bearer new-jwt');
    expect(requests.filter((request) => request.url.pathname === '/api/meetings' && request.authorization === 'Bearer new-jwt')).to.have.length(1);
  });

  describe('recordings', () => {
    const ID = '3b0c4a52-8a5e-4f51-9c7e-2d7c1b2a9f10';
    const link = (file: string) => `/api/meetings/600000001/recordings/${ID}/files/${file}?access=1.x.y`;
    function recording(patch: Partial<RecordingSummary> = {}): RecordingSummary {
      return {
        id: ID,
        state: 'ready',
        progress: 1,
        startedAt: T0,
        stoppedAt: T0 + 65_000,
        duration: 65,
        size: 3 * 1024 * 1024,
        startedBy: 'Hana',
        participants: [{ displayName: 'Hana', consentedAt: T0 }],
        smart: null,
        files: [
          { name: 'composite.mp4', kind: 'composite', media: 'video', size: 2 * 1024 * 1024, offset: 0, duration: 65, url: link('composite.mp4') },
          { name: '0001-mic-hana.webm', kind: 'track', participant: 'alice.smith@example.com', source: 'mic', media: 'audio', size: 1024 * 1024, offset: 0.2, duration: 64, url: link('0001-mic-hana.webm') },
        ],
        ...patch,
      };
    }
    const section = (element: WeHistoryElement) => query(element, 'section[part="recordings"]');
    const confirmButton = (element: WeHistoryElement, name: string) =>
      [...query(element, '[part="recording-confirm"]')!.querySelectorAll('button')].find((candidate) => candidate.textContent!.trim() === name)!;

    it('lists a meeting\'s recordings with a player for the composite and downloads of every file', async () => {
      const { element } = await history({ recordings: [[recording()]] });
      await openDetails(element);
      await settled(element, 'section[part="recordings"] article');
      const player = query<HTMLVideoElement>(element, 'video[part="player"]')!;
      expect(player.getAttribute('src')).to.equal(`https://meet.example.com${link('composite.mp4')}`);
      expect(player.controls).to.equal(true);
      const downloads = [...section(element)!.querySelectorAll('a[download]')].map((anchor) => [anchor.textContent!.trim(), anchor.getAttribute('href')]);
      expect(downloads).to.deep.equal([
        ['Download the video (MP4, 2.0 MB)', `https://meet.example.com${link('composite.mp4')}&download=1`],
        ['a***@example.com — mic (1.0 MB)', `https://meet.example.com${link('0001-mic-hana.webm')}&download=1`],
      ]);
      expect(text(section(element)!)).to.contain('Ready');
      expect(text(section(element)!)).to.contain('0:01:05');
      expect(text(section(element)!)).not.to.contain('alice.smith');
    });

    it('shows the composite\'s progress while it is made, asking again until it is ready', async () => {
      const { element } = await history({
        recordings: [[recording({ state: 'rendering', progress: 0.45, files: recording().files.slice(1) })], [recording()]],
      });
      await openDetails(element);
      await settled(element, 'section[part="recordings"] progress');
      expect(query<HTMLProgressElement>(element, 'section[part="recordings"] progress')!.value).to.equal(45);
      expect(text(section(element)!)).to.contain('Preparing the video: 45%');
      expect(query(element, 'video[part="player"]')).to.equal(null);
      await waitUntil(() => query(element, 'video[part="player"]') !== null, 'the list was not asked again', { timeout: 5000 });
    });

    it('says when the meeting was not recorded, and an interrupted recording still plays', async () => {
      const none = await history();
      await openDetails(none.element);
      await waitUntil(() => section(none.element)?.textContent?.includes('This meeting was not recorded.'), 'no empty state');
      const interrupted = await history({ recordings: [[recording({ state: 'interrupted' })]] });
      await openDetails(interrupted.element);
      await settled(interrupted.element, 'section[part="recordings"] video');
      expect(text(section(interrupted.element)!)).to.contain('Interrupted');
    });

    it('deletes a recording only after a confirmation whose button has the same name', async () => {
      const { element, requests } = await history({ recordings: [[recording()]] });
      await openDetails(element);
      await settled(element, 'section[part="recordings"] article');
      button(element, 'Delete recording')!.click();
      await settled(element, '[part="recording-confirm"]');
      expect(requests.some((request) => request.url.pathname.endsWith(ID))).to.equal(false, 'nothing deleted before confirming');
      confirmButton(element, 'Cancel').click();
      await waitUntil(() => query(element, '[part="recording-confirm"]') === null, 'Cancel did not close the confirmation');
      button(element, 'Delete recording')!.click();
      await settled(element, '[part="recording-confirm"]');
      confirmButton(element, 'Delete recording').click();
      await waitUntil(() => query(element, 'section[part="recordings"] article') === null, 'the recording is still listed');
      expect(requests.filter((request) => request.url.pathname === `/api/meetings/600000001/recordings/${ID}`)).to.have.length(1);
    });
  });
});
