import { writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { compositeLayout } from '../recording/composite.js';
import type { ManifestSegment, RecordingManifest } from '../recording/manifest.js';
import { SMART_OUTPUTS, smartWorkFile, type RecordingStorage } from '../recording/recording-storage.js';
import type { SmartSpeaker, SmartStage, Transcript, TranscriptLine } from '../../protocol/smart-recording.js';
import { analyse, minutesMarkdown, smartRecording, webVtt } from './analysis/index.js';
import { decodeTrack, SAMPLE_RATE, wavFile } from './audio.js';
import type { MinutesWriter, SpeechToText } from './engines.js';
import { linesOfPiece, pieceSamples, speechPieces, type HeardLine } from './speech-pieces.js';
import { voiceActivity } from './voice-activity.js';

/** The piece of speech being transcribed. */
const PIECE_FILE = 'smart-piece.wav';
/** The share of the progress bar the last step (analysis, minutes) takes. */
const ANALYSIS_SHARE = 0.1;

/** What one job needs. */
export interface SmartJobOptions {
  storage: RecordingStorage;
  ffmpegPath: string;
  logger: Logger;
  /** The meetings' language (`en`, `zh`, …). */
  language: string;
  /** Speech-to-text; none: the smart recording says the transcript is unavailable. */
  speechToText?: SpeechToText | undefined;
  /** Why there is no speech-to-text, when one was configured but cannot run. */
  noTranscriptReason?: string | undefined;
  /** Abstractive minutes; none: the built-in extractive minutes. */
  minutesWriter?: MinutesWriter | undefined;
  /** How far the job has got: the step under way and the progress of the whole, 0 to 1. */
  onProgress: (stage: SmartStage, progress: number) => void;
  signal: AbortSignal;
}

/** What is kept of one audio segment as it is processed, so a restarted job resumes there. */
interface SegmentWork {
  /** Its speech turns, in seconds from the segment's start; undefined until found. */
  turns?: { start: number; end: number }[];
  /** What was heard in its turns so far, one line per turn in the order of `turns`. */
  lines: HeardLine[];
}

/** The job failed for a reason its creator can read (never any of the transcript). */
export class SmartJobError extends Error {
  override readonly name = 'SmartJobError';
}

/** The speakers of a recording: one per person (a rejoin is the same person), in the order they agreed. */
export function speakersOf(manifest: RecordingManifest): { speakers: SmartSpeaker[]; speakerOf: (participantId: string) => string } {
  const byUser = new Map<string, SmartSpeaker>();
  const byParticipant = new Map<string, string>();
  for (const participant of manifest.participants) {
    let speaker = byUser.get(participant.userId);
    if (speaker === undefined) {
      speaker = { id: participant.participantId, name: participant.displayName };
      byUser.set(participant.userId, speaker);
    }
    byParticipant.set(participant.participantId, speaker.id);
  }
  return { speakers: [...byUser.values()], speakerOf: (participantId) => byParticipant.get(participantId) ?? participantId };
}

/** Whether `engine` transcribes `language` (by its primary subtag). */
export function covers(engine: SpeechToText, language: string): boolean {
  const primary = language.toLowerCase().split('-')[0]!;
  return engine.languages === 'any' || engine.languages.some((tag) => tag.toLowerCase().split('-')[0] === primary);
}

/**
 * Makes the smart recording of one stopped recording: for each participant's microphone
 * segment, decode → voice activity → speech-to-text per turn (each turn's result kept in
 * `smart-<segment>.json` as it comes, so a restart resumes after the last one done); then one
 * speaker-attributed transcript on the recording's timeline, its analysis, and the outputs
 * (`smart.json`, `minutes.md`, `captions.vtt`). Rejects with a {@link SmartJobError} or an
 * engine's `EngineError`; an abort rejects with the signal's reason.
 */
export async function runSmartJob(manifest: RecordingManifest, options: SmartJobOptions): Promise<void> {
  const { storage, language, speechToText, signal } = options;
  const layout = compositeLayout(manifest);
  if (layout.duration <= 0) throw new SmartJobError('nothing was recorded');
  const { speakers, speakerOf } = speakersOf(manifest);
  const segments = manifest.segments.filter((segment) => segment.kind === 'audio' && segment.source === 'mic');
  const engine = speechToText !== undefined && covers(speechToText, language) ? speechToText : undefined;
  const span = (segment: ManifestSegment) => Math.max(0.001, ((segment.endedAt ?? manifest.stoppedAt ?? segment.startedAt) - segment.startedAt) / 1000);
  const total = segments.reduce((sum, segment) => sum + span(segment), 0) || 1;
  let done = 0;
  const turns: { speaker: string; start: number; end: number }[] = [];
  const lines: TranscriptLine[] = [];
  for (const segment of segments) {
    signal.throwIfAborted();
    const offset = Math.max(0, (segment.startedAt - layout.origin) / 1000);
    const share = span(segment) / total;
    const report = (stage: SmartStage, within: number) => options.onProgress(stage, (1 - ANALYSIS_SHARE) * (done + within * share));
    const work = await processSegment(manifest.id, segment, engine, { ...options, report });
    const speaker = speakerOf(segment.participantId);
    for (const turn of work.turns ?? []) turns.push({ speaker, start: offset + turn.start, end: offset + turn.end });
    for (const heard of work.lines) {
      if (heard.text.trim() === '') continue;
      for (const line of atPauses(heard)) {
        lines.push({
          speaker,
          start: offset + line.start,
          end: offset + line.end,
          text: line.text,
          confidence: line.confidence,
          words: line.words.map((word) => ({ ...word, start: offset + word.start, end: offset + word.end })),
        });
      }
    }
    done += share;
  }
  signal.throwIfAborted();
  options.onProgress('analysing', 1 - ANALYSIS_SHARE);
  turns.sort((a, b) => a.start - b.start);
  lines.sort((a, b) => a.start - b.start);
  const transcript = transcriptOf(lines, engine, speechToText, language, options.noTranscriptReason);
  const input = {
    recordingId: manifest.id,
    language,
    title: meetingTitle(manifest.meeting, language),
    startedAt: manifest.startedAt,
    duration: layout.duration,
    speakers,
    turns,
    transcript,
  };
  const analysis = analyse(input);
  if (options.minutesWriter !== undefined && transcript.available && lines.length > 0) {
    const names = new Map(speakers.map((speaker) => [speaker.id, speaker.name]));
    const written = await options.minutesWriter.write(
      {
        language,
        attendees: analysis.minutes.attendees,
        agenda: analysis.minutes.agenda,
        lines: lines.map((line) => ({ name: names.get(line.speaker) ?? '', start: line.start, text: line.text })),
      },
      { signal },
    );
    analysis.minutes = { ...analysis.minutes, ...written, writtenBy: options.minutesWriter.name };
  }
  const recording = smartRecording(input, analysis);
  // The document last: its presence is what "ready" is checked against.
  await storage.writeFile(manifest.id, SMART_OUTPUTS.markdown, minutesMarkdown(recording));
  await storage.writeFile(manifest.id, SMART_OUTPUTS.vtt, webVtt(recording));
  await storage.writeFile(manifest.id, SMART_OUTPUTS.json, `${JSON.stringify(recording)}\n`);
  for (const segment of segments) await storage.removeFile(manifest.id, smartWorkFile(segment.file));
}

/** A pause between words this long ends a sentence, for an engine that does not punctuate. */
const SENTENCE_PAUSE = 0.3;

/**
 * One turn's recognition as lines: its words kept within the turn, and, when the engine gave
 * word times but no punctuation (pocketsphinx), cut into sentences at the pauses between words,
 * so that the transcript follows playback line by line and the analysis has sentences.
 */
export function atPauses(heard: HeardLine): HeardLine[] {
  const words = heard.words.map((word) => ({
    ...word,
    start: Math.min(Math.max(word.start, heard.start), heard.end),
    end: Math.min(Math.max(word.end, heard.start), heard.end),
  }));
  if (words.length === 0 || /[.!?。！？]/u.test(heard.text)) return [{ ...heard, words }];
  const pieces: (typeof words)[] = [[]];
  for (const word of words) {
    const piece = pieces.at(-1)!;
    const last = piece.at(-1);
    if (last !== undefined && word.start - last.end >= SENTENCE_PAUSE && piece.length >= 3) pieces.push([word]);
    else piece.push(word);
  }
  return pieces.map((piece, index) => {
    const rated = piece.filter((word) => word.confidence !== null);
    return {
      start: index === 0 ? heard.start : piece[0]!.start,
      end: index === pieces.length - 1 ? heard.end : piece.at(-1)!.end,
      text: piece.map((word) => word.word).join(' '),
      confidence: rated.length === 0 ? heard.confidence : rated.reduce((sum, word) => sum + word.confidence!, 0) / rated.length,
      words: piece,
    };
  });
}

function transcriptOf(lines: TranscriptLine[], engine: SpeechToText | undefined, configured: SpeechToText | undefined, language: string, missing: string | undefined): Transcript {
  if (engine === undefined) {
    const reason =
      configured !== undefined
        ? `no speech-to-text engine on this server transcribes "${language}"`
        : (missing ?? 'speech-to-text is turned off on this server');
    return { available: false, engine: null, confidence: null, weak: false, reason, lines: [] };
  }
  const rated = lines.filter((line) => line.confidence !== null);
  const confidence = rated.length === 0 ? null : rated.reduce((sum, line) => sum + line.confidence!, 0) / rated.length;
  return { available: true, engine: engine.name, confidence, weak: engine.weak, lines };
}

function meetingTitle(meeting: string, language: string): string {
  const spaced = meeting.replace(/^(\d{3})(\d{3})(\d{3})$/u, '$1 $2 $3');
  return language.toLowerCase().startsWith('zh') ? `会议 ${spaced}` : `Meeting ${spaced}`;
}

async function processSegment(
  id: string,
  segment: ManifestSegment,
  engine: SpeechToText | undefined,
  options: SmartJobOptions & { report: (stage: SmartStage, within: number) => void },
): Promise<SegmentWork> {
  const { storage, signal, report } = options;
  const saved = await storage.readFile(id, smartWorkFile(segment.file));
  const work: SegmentWork = saved === undefined ? { lines: [] } : (JSON.parse(saved) as SegmentWork);
  const finished = work.turns !== undefined && (engine === undefined || work.lines.length >= work.turns.length);
  if (finished) return work;
  report('decoding', 0);
  const samples = await decodeTrack(options.ffmpegPath, storage.path(id, segment.file), signal);
  if (work.turns === undefined) {
    report('voice-activity', 0.1);
    work.turns = voiceActivity(samples, SAMPLE_RATE);
    await storage.writeFile(id, smartWorkFile(segment.file), JSON.stringify(work));
  }
  if (engine === undefined) return work;
  const turns = work.turns;
  const seconds = turns.reduce((sum, turn) => sum + turn.end - turn.start, 0) || 1;
  let transcribed = turns.slice(0, work.lines.length).reduce((sum, turn) => sum + turn.end - turn.start, 0);
  const path = storage.path(id, PIECE_FILE);
  for (const piece of speechPieces(turns, work.lines.length)) {
    signal.throwIfAborted();
    report('transcribing', 0.15 + (0.85 * transcribed) / seconds);
    await writeFile(path, wavFile(pieceSamples(samples, piece)));
    const heard = await engine.transcribe({ wavPath: path, duration: piece.duration }, { language: options.language, signal });
    work.lines.push(...linesOfPiece(heard, piece));
    transcribed += piece.turns.reduce((sum, turn) => sum + turn.end - turn.start, 0);
    await storage.writeFile(id, smartWorkFile(segment.file), JSON.stringify(work));
  }
  await storage.removeFile(id, PIECE_FILE);
  return work;
}
