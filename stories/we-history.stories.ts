import { html } from 'lit';
import type { AuditEntry, MeetingRecord, MeetingSummary, PollRecord, RecordingSummary, RecordsFetch, SmartRecording } from '../src/core/records/index.js';
import { defineElement } from '../src/elements/internal/define.js';
import { WeHistoryElement } from '../src/elements/history/history-element.js';
import { SMART_STATUS, smartAnswer, smartRecording, smartRecordingWithoutTranscript } from './fake-smart-recording.js';
import { storyArgs, type StoryArgs } from './story-args.js';

// Registered by a call rather than by importing define-all.js: bundlers drop that import
// because package.json's "sideEffects" names only the built files.
defineElement('we-history', WeHistoryElement);

/**
 * `<we-history>` in every state it can show. Each story hands the element a stub through its
 * `fetch` property (the element passes it to its `RecordsClient`), answering like the
 * server's records API (docs/records-api.md), so no server or token is needed.
 */
export default {
  title: 'Elements/we-history',
  component: 'we-history',
};

const MINUTE = 60_000;
const NOW = Date.UTC(2025, 0, 6, 15, 0, 0);

const MEETINGS: MeetingSummary[] = [
  { id: '600000007', topic: 'Design review', creatorUserId: 'alice', startedAt: NOW - 20 * MINUTE, endedAt: null, participantCount: 4 },
  { id: '600000006', topic: 'Weekly sync', creatorUserId: 'alice', startedAt: NOW - 26 * 60 * MINUTE, endedAt: NOW - 25 * 60 * MINUTE, participantCount: 6 },
  { id: '600000005', topic: null, creatorUserId: 'alice', startedAt: NOW - 3 * 24 * 60 * MINUTE, endedAt: NOW - 3 * 24 * 60 * MINUTE + 12 * MINUTE, participantCount: 2 },
  { id: '600000004', topic: 'Customer call', creatorUserId: 'alice', startedAt: NOW - 5 * 24 * 60 * MINUTE, endedAt: NOW - 5 * 24 * 60 * MINUTE + 47 * MINUTE, participantCount: 3 },
  { id: '600000003', topic: 'Retro', creatorUserId: 'alice', startedAt: NOW - 8 * 24 * 60 * MINUTE, endedAt: NOW - 8 * 24 * 60 * MINUTE + 55 * MINUTE, participantCount: 7 },
];

const WEEKLY_POLLS: PollRecord[] = [
  {
    id: 'poll-1',
    question: 'Which day suits the offsite?',
    options: ['Tuesday', 'Wednesday', 'Thursday'],
    multiple: true,
    anonymous: false,
    resultsShared: true,
    state: 'closed',
    createdAt: NOW - 26 * 60 * MINUTE + 10 * MINUTE,
    voters: 3,
    counts: [1, 3, 1],
    ballots: [
      { userId: 'bob', displayName: 'bob.martin@example.com', avatarUrl: null, choices: [1] },
      { userId: 'carol', displayName: 'Carol 138 0013 8000', avatarUrl: null, choices: [0, 1] },
      { userId: 'alice', displayName: 'Alice Smith', avatarUrl: null, choices: [1, 2] },
    ],
  },
  {
    id: 'poll-2',
    question: 'How confident are you in the release date?',
    options: ['Very', 'Somewhat', 'Not at all'],
    multiple: false,
    anonymous: true,
    resultsShared: false,
    state: 'closed',
    createdAt: NOW - 26 * 60 * MINUTE + 30 * MINUTE,
    voters: 3,
    counts: [1, 2, 0],
  },
];

const WEEKLY: MeetingRecord = {
  ...MEETINGS[1]!,
  participations: [
    { id: 1, userId: 'alice', displayName: 'Alice Smith', role: 'host', joinedAt: NOW - 26 * 60 * MINUTE, leftAt: NOW - 25 * 60 * MINUTE, durationMs: 60 * MINUTE, recordingConsentedAt: NOW - 26 * 60 * MINUTE + 2 * MINUTE },
    { id: 2, userId: 'bob', displayName: 'bob.martin@example.com', role: 'participant', joinedAt: NOW - 26 * 60 * MINUTE + MINUTE, leftAt: NOW - 25 * 60 * MINUTE, durationMs: 59 * MINUTE, recordingConsentedAt: NOW - 26 * 60 * MINUTE + 3 * MINUTE },
    { id: 3, userId: 'carol', displayName: 'Carol 138 0013 8000', role: 'participant', joinedAt: NOW - 26 * 60 * MINUTE + 5 * MINUTE, leftAt: NOW - 25 * 60 * MINUTE - 10 * MINUTE, durationMs: 45 * MINUTE, recordingConsentedAt: null },
    { id: 4, userId: 'carol', displayName: 'Carol 138 0013 8000', role: 'participant', joinedAt: NOW - 25 * 60 * MINUTE - 8 * MINUTE, leftAt: NOW - 25 * 60 * MINUTE, durationMs: 8 * MINUTE, recordingConsentedAt: null },
  ],
  polls: WEEKLY_POLLS,
};

const AUDIT: AuditEntry[] = [
  { id: 5, actorUserId: 'alice', action: 'export', meeting: '600000006', format: 'csv', at: NOW - 2 * MINUTE },
  { id: 6, actorUserId: 'alice', action: 'read', meeting: '600000006', format: null, at: NOW - 3 * MINUTE },
  { id: 7, actorUserId: 'alice', action: 'list', meeting: null, format: null, at: NOW - 4 * MINUTE },
];

interface StubOptions {
  meetings?: MeetingSummary[];
  /** Answer every call with this status and body instead. */
  failure?: { status: number; body: unknown };
  /** Never answer (the loading state). */
  pending?: boolean;
  /** The Weekly sync meeting's recordings (none by default). */
  recordings?: RecordingSummary[];
  /** What a ready smart recording holds (the weekly sync's by default). */
  smart?: (recordingId: string) => SmartRecording;
}

const RECORDING_ID = '3b0c4a52-8a5e-4f51-9c7e-2d7c1b2a9f10';
/** A finished recording of Weekly sync: the composite and two tracks. */
const RECORDING: RecordingSummary = {
  id: RECORDING_ID,
  state: 'ready',
  progress: 1,
  startedAt: NOW - 26 * 60 * MINUTE + 2 * MINUTE,
  stoppedAt: NOW - 26 * 60 * MINUTE + 47 * MINUTE,
  duration: 45 * 60,
  size: 182 * 1024 * 1024,
  startedBy: 'Alice Smith',
  participants: [
    { displayName: 'Alice Smith', consentedAt: NOW - 26 * 60 * MINUTE + 2 * MINUTE },
    { displayName: 'bob.martin@example.com', consentedAt: NOW - 26 * 60 * MINUTE + 3 * MINUTE },
  ],
  smart: null,
  files: [
    { name: 'composite.mp4', kind: 'composite', media: 'video', size: 120 * 1024 * 1024, offset: 0, duration: 2700, url: `/api/meetings/600000006/recordings/${RECORDING_ID}/files/composite.mp4?access=story` },
    { name: '0001-camera-alice.webm', kind: 'track', participant: 'Alice Smith', source: 'camera', media: 'video', size: 40 * 1024 * 1024, offset: 0, duration: 2700, url: `/api/meetings/600000006/recordings/${RECORDING_ID}/files/0001-camera-alice.webm?access=story` },
    { name: '0002-mic-bob.webm', kind: 'track', participant: 'bob.martin@example.com', source: 'mic', media: 'audio', size: 22 * 1024 * 1024, offset: 60, duration: 2640, url: `/api/meetings/600000006/recordings/${RECORDING_ID}/files/0002-mic-bob.webm?access=story` },
  ],
};

/**
 * A stub of the records API: pages of two meetings, one meeting's record (Weekly sync, with a
 * named and an anonymous poll; the others without anyone or any poll), CSV/JSON exports, its
 * recordings and their smart recordings (Try again on a failed one queues it).
 */
function stubRecordsApi(options: StubOptions = {}): RecordsFetch {
  const meetings = options.meetings ?? MEETINGS;
  // Copies: a retry changes a recording's smart status on this server only.
  const recordings = (options.recordings ?? []).map((recording) => ({ ...recording }));
  return async (input, init) => {
    if (options.pending) return new Promise<Response>(() => {});
    if (options.failure) return Response.json(options.failure.body, { status: options.failure.status });
    const url = new URL(input, location.origin);
    if (url.pathname === '/api/meetings') {
      const start = Number(url.searchParams.get('before') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const end = start + limit;
      return Response.json({ meetings: meetings.slice(start, end), ...(end < meetings.length ? { next: String(end) } : {}) });
    }
    if (url.pathname === '/api/audit') return Response.json({ entries: AUDIT });
    if (/^\/api\/meetings\/\d{9}\/recordings$/u.test(url.pathname)) {
      return Response.json({ recordings: url.pathname.includes(WEEKLY.id) ? recordings : [] });
    }
    const smart = /^\/api\/meetings\/\d{9}\/recordings\/([0-9a-f-]{36})\/smart(\/retry)?$/u.exec(url.pathname);
    const recording = recordings.find((candidate) => candidate.id === smart?.[1]);
    if (smart !== null) {
      if (recording?.smart == null) return Response.json({ error: { code: 'not_found' } }, { status: 404 });
      if (smart[2] === undefined) return Response.json(smartAnswer(WEEKLY.id, recording.id, recording.smart, (options.smart ?? smartRecording)(recording.id)));
      if (init.method !== 'POST') return Response.json({ error: { code: 'method_not_allowed' } }, { status: 405 });
      if (recording.smart.state !== 'failed') return Response.json({ error: { code: 'conflict' } }, { status: 409 });
      // Queued again, then under way when the list is next asked for.
      recording.smart = { ...SMART_STATUS.queued, updatedAt: Date.now() };
      setTimeout(() => (recording.smart = { ...SMART_STATUS.processing, stage: 'decoding', progress: 0.05, updatedAt: Date.now() }), 1000);
      return Response.json({ status: recording.smart }, { status: 202 });
    }
    const match = /^\/api\/meetings\/(\d{9})(\/export)?$/.exec(url.pathname);
    const summary = meetings.find((meeting) => meeting.id === match?.[1]);
    if (match === null || summary === undefined) return Response.json({ error: 'no such meeting' }, { status: 404 });
    const record: MeetingRecord = summary.id === WEEKLY.id ? WEEKLY : { ...summary, participations: [], polls: [] };
    if (match[2] === undefined) return Response.json(record);
    const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'json';
    const body = format === 'csv' ? `meeting_id,topic\r\n${record.id},${record.topic ?? ''}\r\n` : JSON.stringify(record, null, 2);
    return new Response(body, {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'content-disposition': `attachment; filename="meeting-${record.id}.${format}"`,
      },
    });
  };
}

function history(args: StoryArgs | undefined, options: StubOptions = {}, pageSize = 2) {
  return html`<we-history token="story-token" page-size=${pageSize} .fetch=${stubRecordsApi(options)} ${storyArgs(args)}></we-history>`;
}

/** Two meetings per page with Load more; choose a meeting id to see its details. */
export const List = {
  render: (args?: StoryArgs) => history(args),
};

/**
 * The Weekly sync meeting chosen: participations with masked names, its polls (who chose what
 * in the named one, the tally only in the anonymous one), export buttons.
 */
export const Details = {
  render: (args?: StoryArgs) => history(args),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const element = canvasElement.querySelector('we-history')!;
    const find = () =>
      [...element.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === '600 000 006');
    for (let tries = 0; find() === undefined && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    find()?.click();
  },
};

/** Weekly sync with its recording: the composite to play, every file to download, Delete recording. */
export const RecordingReady = {
  render: (args?: StoryArgs) => history(args, { recordings: [RECORDING] }),
  play: Details.play,
};

/** The composite still being made: its progress, the tracks already there. */
export const RecordingRendering = {
  render: (args?: StoryArgs) =>
    history(args, { recordings: [{ ...RECORDING, state: 'rendering', progress: 0.45, files: RECORDING.files.slice(1) }] }),
  play: Details.play,
};

/** A recording the server stopped while recording: listed as interrupted, still playable. */
export const RecordingInterrupted = {
  render: (args?: StoryArgs) => history(args, { recordings: [{ ...RECORDING, state: 'interrupted' }] }),
  play: Details.play,
};

/** The composite could not be made: the tracks are kept. */
export const RecordingFailed = {
  render: (args?: StoryArgs) => history(args, { recordings: [{ ...RECORDING, state: 'failed', files: RECORDING.files.slice(1) }] }),
  play: Details.play,
};

/** The transcript and minutes being made: the step under way and a progress bar. */
export const SmartProcessing = {
  render: (args?: StoryArgs) => history(args, { recordings: [{ ...RECORDING, smart: SMART_STATUS.processing }] }),
  play: Details.play,
};

/**
 * A ready smart recording under the player: chapters and transcript lines that play the
 * recording from there, the transcript's search, speaker summaries, minutes, topics, exports.
 */
export const SmartReady = {
  render: (args?: StoryArgs) => history(args, { recordings: [{ ...RECORDING, smart: SMART_STATUS.ready }] }),
  play: Details.play,
};

/** The processing failed: why, and Try again, which queues it again. */
export const SmartFailed = {
  render: (args?: StoryArgs) => history(args, { recordings: [{ ...RECORDING, smart: SMART_STATUS.failed }] }),
  play: Details.play,
};

/** A meeting in a language no speech-to-text engine covers: no transcript, still who spoke when and the chapters. */
export const SmartWithoutTranscript = {
  render: (args?: StoryArgs) =>
    history(args, { recordings: [{ ...RECORDING, smart: SMART_STATUS.ready }], smart: smartRecordingWithoutTranscript }),
  play: Details.play,
};

export const Loading = {
  render: (args?: StoryArgs) => history(args, { pending: true }),
};

export const Empty = {
  render: (args?: StoryArgs) => history(args, { meetings: [] }),
};

export const SessionExpired = {
  render: (args?: StoryArgs) => history(args, { failure: { status: 401, body: { error: 'token expired', code: 'token_expired' } } }),
};

export const ServerError = {
  render: (args?: StoryArgs) => history(args, { failure: { status: 500, body: { error: 'internal server error' } } }),
};

export const SignedOut = {
  render: (args?: StoryArgs) => html`<we-history .fetch=${stubRecordsApi()} ${storyArgs(args)}></we-history>`,
};
