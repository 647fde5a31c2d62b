import * as v from 'valibot';
import { RecordingNoticeSchema, type RecordingUnderWay } from '../../protocol/recording-notice.js';

export type { RecordingUnderWay };

/** How long the pre-join check waits for the server before joining without it. */
const NOTICE_TIMEOUT_MS = 5000;

/**
 * Asks the server (`GET /api/meetings/<id>/recording-notice`, with the join token) whether
 * `meeting` is being recorded, so that the pre-join screen can ask for consent before joining.
 * Resolves with the recording under way, or undefined when there is none. An answer that
 * cannot be had or read also resolves undefined: the joiner is then asked in the meeting, and
 * the server records nothing of them before they agree either way.
 */
export async function fetchRecordingNotice(
  server: string,
  meeting: string,
  token: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<RecordingUnderWay | undefined> {
  const base = new URL(server || '/', globalThis.location?.href);
  const url = new URL(`/api/meetings/${encodeURIComponent(meeting)}/recording-notice`, base);
  try {
    const response = await fetchImpl(url.href, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(NOTICE_TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    const parsed = v.safeParse(RecordingNoticeSchema, await response.json());
    return parsed.success ? (parsed.output.recording ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}
