import * as v from 'valibot';
import { SmartAnswerSchema, type SmartAnswer } from '../../protocol/smart-recording.js';
import { RecordsError } from './records-error.js';

// Loaded by a dynamic import() from RecordsClient.getSmartRecording: valibot and the schema
// stay out of the records script until a smart recording is read.

const MALFORMED = 'the smart recording is malformed';

/**
 * Checks the answer of `GET …/recordings/<rid>/smart` against the protocol's schema and makes
 * its export links absolute on `server`. Rejects with `RecordsError` `invalid_response`; the
 * message names where the answer is wrong, never what it holds (a transcript is private).
 */
export function parseSmartAnswer(body: unknown, server: string): SmartAnswer {
  let answer: SmartAnswer;
  try {
    answer = v.parse(SmartAnswerSchema, body);
  } catch (error) {
    // No cause: valibot's issues hold the input, which may be transcript text.
    const where = error instanceof v.ValiError ? v.getDotPath(error.issues[0]) : null;
    throw new RecordsError(200, 'invalid_response', where === null ? MALFORMED : `${MALFORMED} at ${where}`);
  }
  const exports = answer.exports;
  if (exports === null) return answer;
  // Only links to this server's records: a link elsewhere would take the viewer off it.
  const links = [exports.markdown, exports.json, exports.vtt];
  if (!links.every((link) => link.startsWith('/api/meetings/'))) throw new RecordsError(200, 'invalid_response', `${MALFORMED}: an export link leads elsewhere`);
  return { ...answer, exports: { markdown: `${server}${exports.markdown}`, json: `${server}${exports.json}`, vtt: `${server}${exports.vtt}` } };
}
