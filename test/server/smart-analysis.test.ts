// The built-in analysis of a smart recording: chapters where the topic changes (even through a
// weak recogniser's errors), what each speaker talked about, minutes with decisions and action
// items, and the Markdown and WebVTT exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { SmartRecordingSchema, type TranscriptLine } from '../../src/protocol/smart-recording.js';
import {
  AnalysisInputError,
  analyse,
  minutesMarkdown,
  smartRecording,
  webVtt,
  type AnalysisInput,
} from '../../src/server/smart/analysis/index.js';

const GARDEN =
  'I spent the weekend in the garden planting tomatoes and the tomatoes need water every morning. ' +
  'The soil in the garden is dry so I added compost to the soil before planting the seeds. ' +
  'The seeds of the tomatoes came from the garden centre and I water the seeds twice a day. ' +
  'Next year I want more tomatoes and maybe some peppers in the garden with better soil.';
const BUDGET =
  'Let us look at the budget for the quarter because the invoice from the supplier was high. ' +
  'Our costs are above the budget and the spending on travel doubled this quarter. ' +
  'I checked every invoice and the costs for software are the biggest part of the spending. ' +
  'We should cut spending next quarter so the budget and the costs line up with the invoice totals.';

/** A deterministic pseudo-random sequence (tests must not depend on luck). */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Made-up words standing in for a recogniser's mistakes: none is a topic word. */
const WRONG_WORDS = Array.from({ length: 2000 }, (_, i) => `w${(i * 7919).toString(36)}ly`);

/** The text as a weak recogniser hears it: lowercase, no punctuation, `rate` of the words wrong. */
function misheard(text: string, rate: number, seed: number): string {
  const next = random(seed);
  return text
    .toLowerCase()
    .replace(/[.,]/g, '')
    .split(' ')
    .map((word) => (next() < rate ? WRONG_WORDS[Math.floor(next() * WRONG_WORDS.length)]! : word))
    .join(' ');
}

function line(speaker: string, start: number, end: number, text: string): TranscriptLine {
  return { speaker, start, end, text, confidence: null, words: [] };
}

/** A meeting of lines, with voice activity matching them. */
function meeting(lines: TranscriptLine[], extra: Partial<AnalysisInput> = {}): AnalysisInput {
  const duration = Math.ceil(Math.max(...lines.map((l) => l.end), 0)) + 1;
  return {
    recordingId: 'rec-1',
    language: 'en',
    title: 'Weekly sync',
    startedAt: Date.UTC(2026, 11, 4, 9, 30),
    duration,
    speakers: [
      { id: 'a', name: 'Alice' },
      { id: 'b', name: 'Bob' },
    ],
    turns: lines.map(({ speaker, start, end }) => ({ speaker, start, end })),
    transcript: { available: true, engine: 'pocketsphinx', confidence: null, weak: true, lines },
    ...extra,
  };
}

/** Alice on gardening from 0.5 s to 26 s, Bob on the budget from `bobStart` for 26 s. */
function twoTopics(aliceText: string, bobText: string, bobStart: number): AnalysisInput {
  return meeting([line('a', 0.5, 26, aliceText), line('b', bobStart, bobStart + 26, bobText)]);
}

function assertBoundaryNear(input: AnalysisInput, change: number): void {
  const { chapters } = analyse(input);
  assert.ok(chapters.length >= 2, `expected at least two chapters, got ${chapters.length}`);
  const starts = chapters.slice(1).map((chapter) => chapter.start);
  assert.ok(
    starts.some((start) => Math.abs(start - change) <= 4),
    `expected a chapter to start near ${change} s, got ${starts.join(', ')}`,
  );
}

test('analyse() starts a chapter where one speaker on gardening hands over to another on the budget', () => {
  assertBoundaryNear(twoTopics(GARDEN, BUDGET, 28), 28);
  assertBoundaryNear(twoTopics(misheard(GARDEN, 0, 1), misheard(BUDGET, 0, 2), 26), 26);
});

test('analyse() finds the change of topic when a third of the words are wrong', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const input = twoTopics(misheard(GARDEN, 0.35, seed), misheard(BUDGET, 0.35, seed + 100), 26 + (seed % 3));
    assertBoundaryNear(input, 26 + (seed % 3));
  }
});

test('analyse() chapters are contiguous, cover the recording and are titled by their key phrases', () => {
  const input = twoTopics(GARDEN, BUDGET, 28);
  const { chapters } = analyse(input);
  assert.equal(chapters[0]!.start, 0);
  assert.equal(chapters.at(-1)!.end, input.duration);
  for (let i = 1; i < chapters.length; i++) assert.equal(chapters[i]!.start, chapters[i - 1]!.end);
  assert.match(chapters[0]!.title.toLowerCase(), /garden|tomato|soil|seed/);
  assert.match(chapters.at(-1)!.title.toLowerCase(), /budget|invoice|cost|spending|quarter/);
  assert.ok(chapters[0]!.keyPhrases.includes('tomatoes'));
});

test("analyse() speaker summaries name each speaker's own topic words, even through recognition errors", () => {
  for (const rate of [0, 0.35]) {
    const { speakerSummaries } = analyse(twoTopics(misheard(GARDEN, rate, 7), misheard(BUDGET, rate, 8), 27));
    const [alice, bob] = speakerSummaries;
    const alicePhrases = alice!.keyPhrases.join(' ');
    const bobPhrases = bob!.keyPhrases.join(' ');
    assert.match(alicePhrases, /tomatoes|garden/, alicePhrases);
    assert.match(bobPhrases, /budget|invoice/, bobPhrases);
    assert.doesNotMatch(alicePhrases, /budget|invoice/);
    assert.doesNotMatch(bobPhrases, /tomatoes|garden/);
  }
});

test('analyse() speaker summaries count talk time, share and turns; a silent speaker gets zeros', () => {
  const input = meeting([line('a', 0, 10, GARDEN), line('b', 12, 17, BUDGET), line('a', 20, 25, 'The garden needs water.')], {
    speakers: [
      { id: 'a', name: 'Alice' },
      { id: 'b', name: 'Bob' },
      { id: 'c', name: 'Carol' },
    ],
  });
  const [alice, bob, carol] = analyse(input).speakerSummaries;
  assert.deepEqual([alice!.talkTime, alice!.turns, alice!.share], [15, 2, 0.75]);
  assert.deepEqual([bob!.talkTime, bob!.turns, bob!.share], [5, 1, 0.25]);
  assert.deepEqual(carol, { speaker: 'c', name: 'Carol', talkTime: 0, share: 0, turns: 0, keySentences: [], keyPhrases: [] });
  assert.ok(alice!.keySentences.length >= 1 && alice!.keySentences.length <= 5);
  assert.ok(alice!.keySentences.every((sentence) => GARDEN.includes(sentence) || sentence === 'The garden needs water.'));
});

test('analyse() handles a Chinese meeting: chapters, speaker phrases and topics in Chinese words', () => {
  const garden = '我周末在花园里种番茄。番茄每天早上都要浇水。花园的土壤很干，我给土壤加了肥料。番茄种子是从花园中心买的，种子每天浇水两次。';
  const budget = '我们看一下这个季度的预算。供应商的发票金额很高。我们的费用超出了预算，差旅支出翻了一倍。我检查了每一张发票，软件费用是最大的支出。';
  const input = meeting([line('a', 0.5, 26, garden), line('b', 28, 54, budget)], { language: 'zh', title: '周会' });
  const analysis = analyse(input);
  assert.ok(analysis.chapters.length >= 2);
  assert.ok(analysis.chapters.slice(1).some((chapter) => Math.abs(chapter.start - 28) <= 4));
  assert.match(analysis.speakerSummaries[0]!.keyPhrases.join(' '), /番茄|花园/);
  assert.match(analysis.speakerSummaries[1]!.keyPhrases.join(' '), /预算|发票/);
  assert.ok(analysis.topics.some((topic) => topic.phrase === '番茄'));
  assert.match(analysis.chapters[0]!.title, /番茄|花园|土壤|种子/);
});

test('analyse() without a transcript finds chapters from silences and who dominates, titled by who speaks', () => {
  const turns = [
    ...[0, 6, 12, 18, 24].map((start) => ({ speaker: 'a', start, end: start + 5 })),
    ...[45, 51, 57, 63, 69].map((start) => ({ speaker: 'b', start, end: start + 5 })),
  ];
  const input: AnalysisInput = {
    ...meeting([]),
    duration: 75,
    turns,
    transcript: { available: false, engine: null, confidence: null, weak: false, reason: 'No engine for this language', lines: [] },
  };
  const analysis = analyse(input);
  assert.deepEqual(
    analysis.chapters.map(({ title, start, end }) => ({ title, start, end })),
    [
      { title: 'Alice', start: 0, end: 45 },
      { title: 'Bob', start: 45, end: 75 },
    ],
  );
  assert.deepEqual(analysis.topics, []);
  assert.deepEqual(analysis.minutes.keyPoints, []);
  assert.equal(analysis.speakerSummaries[0]!.talkTime, 25);
});

test('analyse() finds decisions and action items, with who from "I will", "Bob will" and "Bob, can you"', () => {
  const input = meeting([
    line('a', 0, 5, 'We decided to move the launch to March. Did we decide on the venue?'),
    line('b', 6, 10, "I will send the invoice by Friday. Let's go with the cheaper supplier."),
    line('a', 11, 15, 'Bob, can you book the room? Carol will write the notes. We need to update the roadmap.'),
    line('b', 16, 20, 'The weather was lovely yesterday.'),
  ]);
  const { minutes } = analyse(input);
  assert.deepEqual(
    minutes.decisions.map(({ text, at }) => ({ text, at })),
    [
      { text: 'We decided to move the launch to March.', at: 0 },
      { text: "Let's go with the cheaper supplier.", at: minutes.decisions[1]!.at },
    ],
  );
  assert.ok(minutes.decisions[1]!.at > 6 && minutes.decisions[1]!.at < 10);
  const items = minutes.actionItems.map(({ who, what }) => ({ who, what }));
  assert.deepEqual(items, [
    { who: 'Bob', what: 'I will send the invoice by Friday.' },
    { who: 'Bob', what: 'Bob, can you book the room?' },
    // Carol is no speaker of this meeting: the item stands, but without a name.
    { who: null, what: 'Carol will write the notes.' },
    { who: null, what: 'We need to update the roadmap.' },
  ]);
  assert.equal(minutes.writtenBy, 'extractive');
});

test("analyse() dates a sentence by the engine's word times where it gives them", () => {
  const text = 'Hello there everyone. We decided to go.';
  const words = text.split(' ').map((word, i) => ({ word: word.replace(/\.$/, ''), start: i < 3 ? i : 15 + i, end: i < 3 ? i + 1 : 16 + i, confidence: 0.9 }));
  const timed = analyse(meeting([{ ...line('a', 0, 25, text), words }])).minutes.decisions;
  assert.deepEqual(timed, [{ text: 'We decided to go.', at: 18 }]);
  // Without word times the sentence is placed by where it falls in the line.
  const spread = analyse(meeting([line('a', 0, 25, text)])).minutes.decisions;
  assert.ok(spread[0]!.at > 10 && spread[0]!.at < 16, String(spread[0]!.at));
});

test('analyse() finds Chinese decisions and action items', () => {
  const input = meeting(
    [line('a', 0, 6, '我们决定下个月发布新版本。天气不错。'), line('b', 7, 12, '我负责准备发布说明。Alice下周会联系客户。')],
    { language: 'zh' },
  );
  const { minutes } = analyse(input);
  assert.deepEqual(minutes.decisions.map((d) => d.text), ['我们决定下个月发布新版本。']);
  assert.deepEqual(
    minutes.actionItems.map(({ who, what }) => ({ who, what })),
    [
      { who: 'Bob', what: '我负责准备发布说明。' },
      { who: 'Alice', what: 'Alice下周会联系客户。' },
    ],
  );
});

test('analyse() topics recur, are weighted from 1 down and say when they were said', () => {
  const aliceText = misheard(GARDEN, 0.35, 3);
  const bobText = misheard(BUDGET, 0.35, 4);
  const { topics } = analyse(twoTopics(aliceText, bobText, 28));
  assert.ok(topics.length > 0 && topics.length <= 15);
  assert.equal(topics[0]!.weight, 1);
  for (let i = 1; i < topics.length; i++) assert.ok(topics[i]!.weight <= topics[i - 1]!.weight);
  // The recogniser's one-off mistakes are no topics.
  const heard = ` ${aliceText} ${bobText} `;
  for (const { phrase } of topics) assert.ok(heard.split(` ${phrase} `).length > 2, `"${phrase}" was said once`);
  const clean = analyse(twoTopics(GARDEN, BUDGET, 28)).topics;
  assert.deepEqual(clean.find((topic) => topic.phrase === 'tomatoes')?.occurrences, [0.5]);
  assert.deepEqual(clean.find((topic) => topic.phrase === 'budget')?.occurrences, [28]);
});

test('analyse() rejects input that names an unknown speaker or breaks the schema with AnalysisInputError', () => {
  const input = twoTopics(GARDEN, BUDGET, 28);
  assert.throws(() => analyse({ ...input, turns: [{ speaker: 'zed', start: 0, end: 1 }] }), AnalysisInputError);
  assert.throws(() => analyse({ ...input, duration: -1 }), AnalysisInputError);
  assert.throws(() => analyse({ ...input, turns: [{ speaker: 'a', start: 5, end: 1 }] }), /turns\.0\.end/);
});

test('smartRecording() output passes SmartRecordingSchema', () => {
  for (const input of [twoTopics(misheard(GARDEN, 0.35, 5), misheard(BUDGET, 0.35, 6), 28), meeting([])]) {
    const recording = smartRecording(input, analyse(input));
    assert.deepEqual(v.parse(SmartRecordingSchema, recording), recording);
  }
});

test('minutesMarkdown() lists the attendees, the agenda and every section, in English', () => {
  const input = meeting([line('a', 0.5, 26, GARDEN), line('b', 28, 54, `${BUDGET} We decided to cut travel.`)], {
    speakers: [
      { id: 'a', name: 'Alice' },
      { id: 'b', name: 'Bob' },
      { id: 'c', name: 'Carol <admin>' },
    ],
  });
  const recording = smartRecording(input, analyse(input));
  const markdown = minutesMarkdown(recording);
  assert.match(markdown, /^# Weekly sync\n/);
  assert.match(markdown, /\*\*Date:\*\* 2026-12-04 09:30 UTC/);
  assert.match(markdown, /\*\*Attendees:\*\* Alice, Bob, Carol \\<admin\\>/);
  for (const heading of ['Agenda', 'Key points', 'Decisions', 'Action items', 'Speakers']) assert.match(markdown, new RegExp(`^## ${heading}$`, 'm'));
  assert.match(markdown, /^1\. \[0:00\] /m);
  assert.match(markdown, /^2\. \[0:2\d\] .*(?:Budget|Invoice|Costs|Spending|Quarter)/im);
  assert.match(markdown, /We decided to cut travel\./);
});

test('minutesMarkdown() writes its headings and labels in Chinese for a Chinese meeting', () => {
  const input = meeting([line('a', 0, 6, '我们决定下个月发布新版本。')], { language: 'zh-CN', title: '周会' });
  const markdown = minutesMarkdown(smartRecording(input, analyse(input)));
  assert.match(markdown, /^# 周会\n/);
  assert.match(markdown, /\*\*参会者:\*\* Alice, Bob/);
  for (const heading of ['议程', '要点', '决定', '待办事项', '发言人']) assert.match(markdown, new RegExp(`^## ${heading}$`, 'm'));
  assert.doesNotMatch(markdown, /Agenda|Attendees/);
});

test('webVtt() writes a cue per line with the speaker as its voice, escaped, in WebVTT timing format', () => {
  const input = meeting([line('a', 1, 3.5, 'Tom & Jerry <3 budgets --> costs'), line('b', 3661.25, 3662, 'Fine.')], {
    speakers: [
      { id: 'a', name: 'Alice <A&B>' },
      { id: 'b', name: 'Bob' },
    ],
  });
  const vtt = webVtt(smartRecording(input, analyse(input)));
  const blocks = vtt.trimEnd().split('\n\n');
  assert.equal(blocks[0], 'WEBVTT');
  assert.equal(blocks[1], '1\n00:00:01.000 --> 00:00:03.500\n<v Alice &lt;A&amp;B&gt;>Tom &amp; Jerry &lt;3 budgets --&gt; costs</v>');
  assert.equal(blocks[2], '2\n01:01:01.250 --> 01:01:02.000\n<v Bob>Fine.</v>');
  assert.equal(blocks.length, 3);
});
