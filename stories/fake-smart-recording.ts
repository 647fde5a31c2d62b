import type { SmartAnswer, SmartRecording, SmartStatus, TranscriptLine } from '../src/core/records/index.js';

// A smart recording of a 45-minute weekly sync, for the stories and the element tests: what
// the server's GET …/recordings/<rid>/smart answers once the processing is done.

const ALICE = 'p-alice';
const BOB = 'p-bob';
const CAROL = 'p-carol';

function line(speaker: string, start: number, end: number, text: string, confidence = 0.86): TranscriptLine {
  return { speaker, start, end, text, confidence, words: [] };
}

const LINES: TranscriptLine[] = [
  line(ALICE, 2, 9, "Good morning everyone, let's get started with the weekly sync."),
  line(ALICE, 10, 21, 'First the release: we planned to ship version 2.4 on Thursday.'),
  line(BOB, 22, 38, 'The build is green, but the Safari audio bug is still open. I would rather wait until it is fixed.'),
  line(CAROL, 39, 52, 'Support has had twelve tickets about that bug this week, so I agree with Bob.'),
  line(ALICE, 53, 64, "Then we move the release to Monday. Bob, can you fix the Safari bug by Friday?"),
  line(BOB, 65, 71, "Yes, I'll fix the Safari bug by Friday."),
  line(ALICE, 600, 612, 'Next, the customer feedback from the survey.'),
  line(CAROL, 613, 640, 'Most customers like the new recording feature. The main request is a transcript of every meeting.'),
  line(BOB, 641, 655, 'A transcript would also make the recordings searchable.'),
  line(ALICE, 656, 668, "Let's put searchable transcripts on the roadmap for next quarter.", 0.91),
  line(ALICE, 1800, 1812, 'Last item: the offsite in March.'),
  line(CAROL, 1813, 1830, "I'll book the venue in Lisbon and send the dates to everyone.", 0.78),
  line(ALICE, 1831, 1840, 'Great, thank you all. See you next week.'),
];

/** A ready smart recording: chapters, transcript, speaker summaries, minutes, topics. */
export function smartRecording(recordingId: string): SmartRecording {
  return {
    version: 1,
    recordingId,
    language: 'en',
    duration: 2700,
    speakers: [
      { id: ALICE, name: 'Alice Smith' },
      { id: BOB, name: 'bob.martin@example.com' },
      { id: CAROL, name: 'Carol 138 0013 8000' },
    ],
    turns: LINES.map(({ speaker, start, end }) => ({ speaker, start, end })),
    transcript: { available: true, engine: 'pocketsphinx', confidence: 0.85, weak: false, lines: LINES },
    chapters: [
      { title: 'Release date and the Safari audio bug', start: 0, end: 599, keyPhrases: ['release', 'safari audio bug'] },
      { title: 'Customer feedback', start: 600, end: 1799, keyPhrases: ['transcript', 'recording feature'] },
      { title: 'The offsite in March', start: 1800, end: 2700, keyPhrases: ['offsite', 'lisbon'] },
    ],
    speakerSummaries: [
      {
        speaker: ALICE, name: 'Alice Smith', talkTime: 61, share: 0.38, turns: 6,
        keySentences: ['Then we move the release to Monday.', "Let's put searchable transcripts on the roadmap for next quarter."],
        keyPhrases: ['release', 'roadmap'],
      },
      {
        speaker: BOB, name: 'bob.martin@example.com', talkTime: 36, share: 0.22, turns: 3,
        keySentences: ['The build is green, but the Safari audio bug is still open.'],
        keyPhrases: ['safari audio bug', 'searchable'],
      },
      {
        speaker: CAROL, name: 'Carol 138 0013 8000', talkTime: 57, share: 0.4, turns: 3,
        keySentences: ['Most customers like the new recording feature.', "I'll book the venue in Lisbon."],
        keyPhrases: ['customers', 'offsite'],
      },
    ],
    minutes: {
      title: 'Weekly sync',
      date: Date.UTC(2025, 0, 5, 14, 2),
      attendees: ['Alice Smith', 'bob.martin@example.com', 'Carol 138 0013 8000'],
      duration: 2700,
      agenda: [
        { title: 'Release date and the Safari audio bug', start: 0 },
        { title: 'Customer feedback', start: 600 },
        { title: 'The offsite in March', start: 1800 },
      ],
      keyPoints: [
        'The Safari audio bug blocks the 2.4 release.',
        'Customers ask for a transcript of every meeting.',
      ],
      decisions: [
        { text: 'The release moves from Thursday to Monday.', at: 53 },
        { text: 'Searchable transcripts go on the roadmap for next quarter.', at: 656 },
      ],
      actionItems: [
        { who: 'bob.martin@example.com', what: 'Fix the Safari audio bug by Friday.', at: 65 },
        { who: 'Carol 138 0013 8000', what: 'Book the venue in Lisbon and send the dates.', at: 1813 },
        { who: null, what: 'Share the survey results with the team.', at: 640 },
      ],
      writtenBy: 'extractive',
    },
    topics: [
      { phrase: 'safari audio bug', weight: 1, occurrences: [22, 53, 65] },
      { phrase: 'release', weight: 0.8, occurrences: [10, 53] },
      { phrase: 'transcript', weight: 0.7, occurrences: [613, 641] },
      { phrase: 'offsite', weight: 0.4, occurrences: [1800] },
    ],
  };
}

/** The same meeting in a language no speech-to-text engine covers: who spoke when and the chapters only. */
export function smartRecordingWithoutTranscript(recordingId: string): SmartRecording {
  const full = smartRecording(recordingId);
  return {
    ...full,
    language: 'cy',
    transcript: { available: false, engine: null, confidence: null, weak: false, reason: 'No speech-to-text engine covers Welsh (cy).', lines: [] },
    speakerSummaries: full.speakerSummaries.map((summary) => ({ ...summary, keySentences: [], keyPhrases: [] })),
    minutes: { ...full.minutes, keyPoints: [], decisions: [], actionItems: [] },
    topics: [],
  };
}

const UPDATED = Date.UTC(2025, 0, 5, 15, 0);

/** Statuses of the processing, as the listing and the smart route give them. */
export const SMART_STATUS = {
  queued: { state: 'queued', stage: null, progress: 0, updatedAt: UPDATED },
  processing: { state: 'processing', stage: 'transcribing', progress: 0.45, updatedAt: UPDATED },
  failed: { state: 'failed', stage: null, progress: 0.3, error: 'The speech-to-text engine stopped: out of memory.', updatedAt: UPDATED },
  ready: { state: 'ready', stage: null, progress: 1, updatedAt: UPDATED },
} satisfies Record<string, SmartStatus>;

/** The smart route's answer for a recording of meeting `meeting` whose status is `status`. */
export function smartAnswer(meeting: string, recordingId: string, status: SmartStatus, result: SmartRecording | null): SmartAnswer {
  const base = `/api/meetings/${meeting}/recordings/${recordingId}/smart`;
  return status.state === 'ready' && result !== null
    ? { status, result, exports: { markdown: `${base}/minutes.md?access=story`, json: `${base}/smart.json?access=story`, vtt: `${base}/captions.vtt?access=story` } }
    : { status, result: null, exports: null };
}
