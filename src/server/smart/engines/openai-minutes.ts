import * as v from 'valibot';
import { EngineError, type MinutesRequest, type MinutesWriter, type WrittenMinutes } from '../engines.js';
import { checkEndpointOptions, postToEndpoint, type EndpointOptions } from './endpoint.js';

/** How an OpenAI-compatible chat endpoint writes the minutes. */
export interface OpenAiMinutesOptions extends EndpointOptions {
  /** The model the server is asked for. */
  model: string;
  /** The longest transcript sent, in characters; a longer one keeps its start and its end. */
  maxTranscriptChars?: number;
}

/** Enough for an hour's meeting (~10 000 words) within the context of today's small models. */
export const DEFAULT_MAX_TRANSCRIPT_CHARS = 60_000;

// The limits of the minutes' schema (src/protocol/smart-recording.ts): longer lists are cut
// there, while a string over its limit is nonsense and fails the answer.
const MAX_KEY_POINTS = 50;
const MAX_DECISIONS = 200;
const MAX_ACTION_ITEMS = 200;

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(max));
/** Seconds from the start: a number, or the `mm:ss` stamp the transcript showed. */
const At = v.union([
  v.pipe(v.number(), v.finite(), v.minValue(0)),
  v.pipe(
    v.string(),
    v.regex(/^\d{1,4}:[0-5]\d$/u),
    v.transform((stamp) => {
      const [minutes = '0', seconds = '0'] = stamp.split(':');
      return Number(minutes) * 60 + Number(seconds);
    }),
  ),
]);
const List = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(
    v.optional(v.array(item), []),
    v.transform((items) => items.slice(0, max)),
  );

const WrittenMinutesSchema = v.object({
  keyPoints: List(Text(2000), MAX_KEY_POINTS),
  decisions: List(v.object({ text: Text(2000), at: At }), MAX_DECISIONS),
  actionItems: List(
    v.object({
      who: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(200), v.transform((who) => (who === '' ? null : who)))), null),
      what: Text(2000),
      at: At,
    }),
    MAX_ACTION_ITEMS,
  ),
});

const ChatAnswerSchema = v.object({
  choices: v.pipe(
    v.array(v.object({ message: v.object({ content: v.nullable(v.string()) }), finish_reason: v.optional(v.nullable(v.string())) })),
    v.minLength(1),
  ),
});

const SYSTEM_PROMPT = [
  'You write the minutes of a meeting from its transcript.',
  'Each transcript line is "[mm:ss] Name: text", the time counted from the start of the meeting.',
  'Answer with one JSON object and nothing else, of this shape:',
  '{"keyPoints": [string], "decisions": [{"text": string, "at": number}], "actionItems": [{"who": string | null, "what": string, "at": number}]}',
  'keyPoints: the main points discussed, at most 10, one sentence each.',
  'decisions: what was decided; at = the seconds from the start of the line where it was said.',
  'actionItems: what someone is to do; who = the name of the person as in the transcript, or null when nobody is named; at as for decisions.',
  'Take only what the transcript says; an empty list where there is nothing.',
  'Write the texts in the meeting\'s language, given by the user as a BCP 47 tag.',
].join('\n');

/** `mm:ss` (minutes past 59 for long meetings). */
export function stamp(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * The transcript as `[mm:ss] Name: text` lines within `maxChars`: when it is longer, its first
 * and last lines, about half the budget each, around a note of what was left out — a meeting's
 * opening and its conclusions say most of what the minutes need.
 */
export function transcriptText(lines: MinutesRequest['lines'], maxChars: number): string {
  const rendered = lines.map((line) => `[${stamp(line.start)}] ${line.name}: ${line.text.replace(/\s+/gu, ' ').trim()}`);
  const total = rendered.reduce((sum, line) => sum + line.length + 1, 0);
  if (total <= maxChars) return rendered.join('\n');
  const half = Math.floor(maxChars / 2);
  const head: string[] = [];
  let used = 0;
  for (const line of rendered) {
    if (used + line.length + 1 > half) break;
    head.push(line);
    used += line.length + 1;
  }
  const tail: string[] = [];
  used = 0;
  for (let index = rendered.length - 1; index >= head.length; index--) {
    const line = rendered[index]!;
    if (used + line.length + 1 > half) break;
    tail.unshift(line);
    used += line.length + 1;
  }
  // A first line longer than half the budget is cut rather than losing the whole start.
  if (head.length === 0 && rendered[0] !== undefined) head.push(rendered[0].slice(0, half));
  const omitted = rendered.length - head.length - tail.length;
  return [...head, `[… ${omitted} lines left out …]`, ...tail].join('\n');
}

/** The user message: what is known of the meeting, then its transcript. */
function userMessage(request: MinutesRequest, maxChars: number): string {
  const agenda = request.agenda.map((item) => `- [${stamp(item.start)}] ${item.title}`);
  return [
    `Language: ${request.language}`,
    `Attendees: ${request.attendees.join(', ')}`,
    ...(agenda.length === 0 ? [] : ['Agenda:', ...agenda]),
    'Transcript:',
    transcriptText(request.lines, maxChars),
  ].join('\n');
}

/**
 * Minutes written by a language model behind any OpenAI-compatible `/chat/completions`
 * endpoint, asked for a JSON object (temperature 0) whose content is validated and bounded.
 */
export class OpenAiMinutesWriter implements MinutesWriter {
  readonly name: string;
  readonly #options: OpenAiMinutesOptions;
  readonly #maxTranscriptChars: number;

  constructor(options: OpenAiMinutesOptions) {
    checkEndpointOptions(options);
    const max = options.maxTranscriptChars ?? DEFAULT_MAX_TRANSCRIPT_CHARS;
    if (!Number.isInteger(max) || max < 1000) {
      throw new RangeError(`"maxTranscriptChars" expected an integer of at least 1000, got ${max}`);
    }
    this.#options = { ...options };
    this.#maxTranscriptChars = max;
    this.name = `llm:${options.model}`;
  }

  /** Asks for the minutes; rejects with an {@link EngineError}, or the signal's reason on abort. */
  async write(request: MinutesRequest, options: { signal?: AbortSignal }): Promise<WrittenMinutes> {
    const body = JSON.stringify({
      model: this.#options.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: userMessage(request, this.#maxTranscriptChars) },
      ],
    });
    const answer = await postToEndpoint(this.#options, 'chat/completions', body, options.signal);
    const chat = v.safeParse(ChatAnswerSchema, answer);
    if (!chat.success) throw new EngineError('invalid_response', 'the chat answer has no message');
    const choice = chat.output.choices[0]!;
    if (choice.finish_reason === 'length') throw new EngineError('invalid_response', 'the minutes were cut off at the model\'s length limit');
    const content = choice.message.content;
    if (content === null) throw new EngineError('invalid_response', 'the chat answer\'s message is empty');
    let json: unknown;
    try {
      // Some servers wrap the object in a Markdown code fence despite the JSON mode.
      json = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/gu, ''));
    } catch {
      throw new EngineError('invalid_response', 'the minutes are not JSON');
    }
    const minutes = v.safeParse(WrittenMinutesSchema, json);
    if (!minutes.success) {
      const issue = minutes.issues[0];
      throw new EngineError('invalid_response', `the minutes do not have the asked shape: ${v.getDotPath(issue) ?? 'the object'}: ${issue.message}`);
    }
    return minutes.output;
  }
}
