// The smart recording's OpenAI-compatible engines against a stand-in: a local HTTP server plays
// the transcription and chat endpoints — the requests they get, the answers they give, every
// failure. (Pocketsphinx has its own file: smart-pocketsphinx.test.ts.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, type MinutesRequest } from '../../src/server/smart/engines.js';
import {
  createMinutesWriter,
  createSpeechToText,
  OpenAiMinutesWriter,
  OpenAiTranscription,
  PocketsphinxEngine,
  transcriptText,
} from '../../src/server/smart/engines/index.js';

/** What the stand-in server received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Handler = (request: Received, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_request, response) => response.end();
const received: Received[] = [];
let dir: string;
let wavPath: string;
const WAV = Buffer.from('RIFF....WAVEfmt not really audio, but bytes to carry');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'we-smart-engines-'));
  wavPath = join(dir, 'turn-0001.wav');
  writeFileSync(wavPath, WAV);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The next requests get this answer. */
function answer(status: number, body: unknown, contentType = 'application/json'): void {
  handler = (_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** The next requests get no answer at all. */
function neverAnswer(): void {
  handler = () => undefined;
}

/** The multipart form a request carried, parsed the way a server would. */
async function formOf(request: Received): Promise<FormData> {
  return new Request('http://stand-in/', {
    method: 'POST',
    headers: { 'content-type': String(request.headers['content-type']) },
    body: new Uint8Array(request.body),
  }).formData();
}

async function rejectsWith(promise: Promise<unknown>, code: EngineError['code']): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a rejection with ${code}`);
}

const transcription = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  new OpenAiTranscription({ baseUrl, model: 'whisper-large', languages: 'any', timeoutMs: options.timeoutMs ?? 10_000, apiKey: options.apiKey });

const VERBOSE = {
  task: 'transcribe',
  language: 'english',
  duration: 3.2,
  text: ' Let us ship it on Friday. ',
  words: [
    { word: ' Let', start: 0.1, end: 0.3 },
    { word: ' us', start: 0.3, end: 0.4, probability: 0.9 },
    { word: ' ', start: 0.4, end: 0.4 },
    { word: 'ship', start: 0.5, end: 0.8 },
  ],
  segments: [
    { id: 0, start: 0, end: 1, text: ' Let us', avg_logprob: Math.log(0.8) },
    { id: 1, start: 1, end: 4, text: ' ship it on Friday.', avg_logprob: Math.log(0.4) },
  ],
};

test('OpenAiTranscription.transcribe() posts the WAV as multipart to <baseUrl>/audio/transcriptions with the model, language and word and segment times', async () => {
  answer(200, VERBOSE);
  received.length = 0;
  await transcription({ apiKey: 'sk-test' }).transcribe({ wavPath, duration: 3.2 }, { language: 'en-GB' });
  const [request] = received;
  assert.ok(request);
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/v1/audio/transcriptions');
  assert.equal(request.headers.authorization, 'Bearer sk-test');
  assert.match(String(request.headers['content-type']), /^multipart\/form-data; boundary=/);
  const form = await formOf(request);
  const file = form.get('file');
  assert.ok(file instanceof File);
  assert.equal(file.name, 'turn-0001.wav');
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), WAV);
  assert.equal(form.get('model'), 'whisper-large');
  assert.equal(form.get('language'), 'en');
  assert.equal(form.get('response_format'), 'verbose_json');
  assert.deepEqual(form.getAll('timestamp_granularities[]'), ['word', 'segment']);
});

test('OpenAiTranscription.transcribe() sends no Authorization header without a key', async () => {
  answer(200, VERBOSE);
  received.length = 0;
  await transcription().transcribe({ wavPath, duration: 3.2 }, { language: 'en' });
  assert.equal(received[0]?.headers.authorization, undefined);
});

test('OpenAiTranscription.transcribe() reads the text, the trimmed words and a confidence of exp(avg_logprob) weighted by segment length', async () => {
  answer(200, VERBOSE);
  const recognition = await transcription().transcribe({ wavPath, duration: 3.2 }, { language: 'en' });
  assert.equal(recognition.text, 'Let us ship it on Friday.');
  assert.deepEqual(recognition.words, [
    { word: 'Let', start: 0.1, end: 0.3, confidence: null },
    { word: 'us', start: 0.3, end: 0.4, confidence: 0.9 },
    { word: 'ship', start: 0.5, end: 0.8, confidence: null },
  ]);
  assert.ok(recognition.confidence !== null);
  assert.ok(Math.abs(recognition.confidence - (0.8 * 1 + 0.4 * 3) / 4) < 1e-9);
});

test('OpenAiTranscription.transcribe() gives no words and a null confidence when the server gives only text', async () => {
  answer(200, { text: 'hello' });
  const recognition = await transcription().transcribe({ wavPath, duration: 1 }, { language: 'en' });
  assert.deepEqual(recognition, { text: 'hello', words: [], confidence: null });
});

test('OpenAiTranscription.transcribe() rejects with http, the status and the server\'s message shortened, on a non-2xx answer', async () => {
  answer(401, { error: { message: `Incorrect API key provided. ${'x'.repeat(5000)}`, type: 'invalid_request_error' } });
  const error = await rejectsWith(transcription({ apiKey: 'sk-secret' }).transcribe({ wavPath, duration: 1 }, { language: 'en' }), 'http');
  assert.equal(error.status, 401);
  assert.match(error.message, /401: Incorrect API key provided/);
  assert.ok(error.message.length < 500);
  assert.ok(!error.message.includes('sk-secret'));
});

test('OpenAiTranscription.transcribe() rejects with invalid_response on an answer that is not JSON or not verbose_json', async () => {
  answer(200, '<html>a proxy page</html>', 'text/html');
  await rejectsWith(transcription().transcribe({ wavPath, duration: 1 }, { language: 'en' }), 'invalid_response');
  answer(200, { words: [] });
  await rejectsWith(transcription().transcribe({ wavPath, duration: 1 }, { language: 'en' }), 'invalid_response');
  answer(200, { text: 'hi', words: [{ word: 'hi', start: 'soon', end: 1 }] });
  await rejectsWith(transcription().transcribe({ wavPath, duration: 1 }, { language: 'en' }), 'invalid_response');
});

test('OpenAiTranscription.transcribe() rejects with unavailable when nothing listens at the URL', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const engine = new OpenAiTranscription({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', languages: 'any', timeoutMs: 10_000 });
  await rejectsWith(engine.transcribe({ wavPath, duration: 1 }, { language: 'en' }), 'unavailable');
});

test('OpenAiTranscription.transcribe() rejects with timeout when the server never answers', async () => {
  neverAnswer();
  await rejectsWith(transcription({ timeoutMs: 300 }).transcribe({ wavPath, duration: 1 }, { language: 'en' }), 'timeout');
});

test('OpenAiTranscription.transcribe() rejects with the signal\'s reason when aborted', async () => {
  neverAnswer();
  const controller = new AbortController();
  const reason = new Error('the recording was deleted');
  const pending = transcription().transcribe({ wavPath, duration: 1 }, { language: 'en', signal: controller.signal });
  setTimeout(() => controller.abort(reason), 50);
  await assert.rejects(pending, (error) => error === reason);
});

test('OpenAiTranscription.transcribe() rejects with failed when the WAV cannot be read, sending nothing', async () => {
  received.length = 0;
  await rejectsWith(transcription().transcribe({ wavPath: join(dir, 'missing.wav'), duration: 1 }, { language: 'en' }), 'failed');
  assert.equal(received.length, 0);
});

test('new OpenAiTranscription() names itself after its model and rejects a bad URL with a TypeError', () => {
  const engine = new OpenAiTranscription({ baseUrl, model: 'whisper-1', languages: ['en', 'de'], timeoutMs: 1000 });
  assert.equal(engine.name, 'openai:whisper-1');
  assert.equal(engine.weak, false);
  assert.deepEqual(engine.languages, ['en', 'de']);
  assert.throws(() => new OpenAiTranscription({ baseUrl: 'whisper:8000', model: 'm', languages: 'any', timeoutMs: 1000 }), TypeError);
  assert.throws(() => new OpenAiTranscription({ baseUrl, model: '', languages: 'any', timeoutMs: 1000 }), TypeError);
});

const MEETING: MinutesRequest = {
  language: 'en',
  attendees: ['Ana', 'Bo'],
  agenda: [{ title: 'Release date', start: 0 }],
  lines: [
    { name: 'Ana', start: 65.4, text: 'Shall we ship on Friday?' },
    { name: 'Bo', start: 70, text: 'Yes, and I will write the notes.' },
  ],
};

const chat = (content: string | null, finishReason = 'stop') => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
});

const minutesWriter = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  new OpenAiMinutesWriter({ baseUrl, model: 'llama3', timeoutMs: options.timeoutMs ?? 10_000, apiKey: options.apiKey });

const MINUTES = { keyPoints: ['Release on Friday'], decisions: [{ text: 'Ship on Friday', at: 70 }], actionItems: [{ who: 'Bo', what: 'Write the notes', at: 70 }] };

test('OpenAiMinutesWriter.write() posts a JSON-mode chat request at temperature 0 with the transcript as [mm:ss] Name: text lines', async () => {
  answer(200, chat(JSON.stringify(MINUTES)));
  received.length = 0;
  await minutesWriter({ apiKey: 'sk-test' }).write(MEETING, {});
  const [request] = received;
  assert.ok(request);
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/v1/chat/completions');
  assert.equal(request.headers.authorization, 'Bearer sk-test');
  assert.equal(request.headers['content-type'], 'application/json');
  const body = JSON.parse(request.body.toString()) as {
    model: string;
    temperature: number;
    response_format: unknown;
    messages: { role: string; content: string }[];
  };
  assert.equal(body.model, 'llama3');
  assert.equal(body.temperature, 0);
  assert.deepEqual(body.response_format, { type: 'json_object' });
  assert.deepEqual(body.messages.map((message) => message.role), ['system', 'user']);
  assert.match(body.messages[0]!.content, /keyPoints.*decisions.*actionItems/s);
  const user = body.messages[1]!.content;
  assert.match(user, /Language: en/);
  assert.match(user, /Attendees: Ana, Bo/);
  assert.match(user, /\[01:05\] Ana: Shall we ship on Friday\?\n\[01:10\] Bo: Yes, and I will write the notes\./);
});

test('OpenAiMinutesWriter.write() reads the minutes, taking mm:ss times and a missing who', async () => {
  answer(200, chat('```json\n' + JSON.stringify({ keyPoints: [' Release on Friday '], decisions: [{ text: 'Ship', at: '01:10' }], actionItems: [{ what: 'Notes', at: 70 }] }) + '\n```'));
  const minutes = await minutesWriter().write(MEETING, {});
  assert.deepEqual(minutes, { keyPoints: ['Release on Friday'], decisions: [{ text: 'Ship', at: 70 }], actionItems: [{ who: null, what: 'Notes', at: 70 }] });
});

test('OpenAiMinutesWriter.write() cuts lists longer than the minutes hold', async () => {
  answer(200, chat(JSON.stringify({ ...MINUTES, keyPoints: Array.from({ length: 80 }, (_, index) => `point ${index}`) })));
  const minutes = await minutesWriter().write(MEETING, {});
  assert.equal(minutes.keyPoints.length, 50);
  assert.equal(minutes.keyPoints[0], 'point 0');
});

test('OpenAiMinutesWriter.write() rejects with invalid_response on content that is not the asked JSON', async () => {
  for (const body of [
    chat('Here are your minutes: the team will ship on Friday.'),
    chat(JSON.stringify({ keyPoints: 'one long point', decisions: [], actionItems: [] })),
    chat(JSON.stringify({ ...MINUTES, decisions: [{ text: 'x'.repeat(3000), at: 1 }] })),
    chat(JSON.stringify({ ...MINUTES, decisions: [{ text: 'Ship', at: -5 }] })),
    chat(JSON.stringify(MINUTES), 'length'),
    chat(null),
    { choices: [] },
  ]) {
    answer(200, body);
    await rejectsWith(minutesWriter().write(MEETING, {}), 'invalid_response');
  }
});

test('OpenAiMinutesWriter.write() rejects with http and the status on a non-2xx answer', async () => {
  answer(503, 'model is loading', 'text/plain');
  const error = await rejectsWith(minutesWriter().write(MEETING, {}), 'http');
  assert.equal(error.status, 503);
  assert.match(error.message, /model is loading/);
});

test('OpenAiMinutesWriter.write() rejects with timeout when the server never answers, and with the reason when aborted', async () => {
  neverAnswer();
  await rejectsWith(minutesWriter({ timeoutMs: 300 }).write(MEETING, {}), 'timeout');
  const controller = new AbortController();
  const pending = minutesWriter().write(MEETING, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, { name: 'AbortError' });
});

test('transcriptText() keeps the start and the end of a transcript longer than the limit', () => {
  const lines = Array.from({ length: 1000 }, (_, index) => ({ name: 'Ana', start: index * 10, text: `sentence number ${index}` }));
  const text = transcriptText(lines, 2000);
  assert.ok(text.length <= 2000 + 40, `${text.length} characters`);
  assert.ok(text.startsWith('[00:00] Ana: sentence number 0\n'));
  assert.ok(text.endsWith('[166:30] Ana: sentence number 999'));
  assert.match(text, /\n\[… \d+ lines left out …\]\n/);
  assert.equal(transcriptText(lines.slice(0, 2), 2000), '[00:00] Ana: sentence number 0\n[00:10] Ana: sentence number 1');
});

test('createSpeechToText() and createMinutesWriter() build the engines the options name', () => {
  assert.equal(createSpeechToText({ engine: 'off' }), undefined);
  assert.ok(createSpeechToText({ engine: 'pocketsphinx' }) instanceof PocketsphinxEngine);
  const openai = createSpeechToText({ engine: 'openai', url: baseUrl, model: 'large-v3', languages: ['en'] });
  assert.ok(openai instanceof OpenAiTranscription);
  assert.equal(openai.name, 'openai:large-v3');
  assert.throws(() => createSpeechToText({ engine: 'openai' }), TypeError);
  assert.equal(createMinutesWriter({}), undefined);
  assert.equal(createMinutesWriter({ url: baseUrl, model: 'qwen2.5' })?.name, 'llm:qwen2.5');
});
