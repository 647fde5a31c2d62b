import type { Logger } from 'pino';
import type { SmartConfig } from '../config.js';
import type { RecordingStorage } from '../recording/recording-storage.js';
import { createMinutesWriter, createSpeechToText, detectPocketsphinx } from './engines/index.js';
import { SmartProcessor } from './smart-processor.js';

/**
 * The server's smart recording processor as configured (undefined when smart recording is
 * off). A speech-to-text engine that is not installed is logged and left out: the smart
 * recordings then say why they have no transcript, and everything else is still made.
 */
export async function createSmartProcessor(config: SmartConfig, storage: RecordingStorage, ffmpegPath: string, logger: Logger): Promise<SmartProcessor | undefined> {
  if (!config.enabled) return undefined;
  const endpoint = config.transcription;
  let speechToText = createSpeechToText(
    config.speechToText === 'openai' && endpoint !== undefined
      ? { engine: 'openai', url: endpoint.url, model: endpoint.model, timeoutMs: endpoint.timeoutMs, languages: config.transcriptionLanguages, ...(endpoint.apiKey === undefined ? {} : { apiKey: endpoint.apiKey }) }
      : { engine: config.speechToText === 'openai' ? 'off' : config.speechToText },
  );
  let missing: string | undefined;
  if (config.speechToText === 'pocketsphinx') {
    const found = await detectPocketsphinx();
    if (!found.available) {
      missing = `speech-to-text is unavailable on this server: ${found.reason ?? 'pocketsphinx is not installed'}`;
      logger.warn({ reason: found.reason }, 'smart recordings will have no transcript: pocketsphinx is unavailable');
      speechToText = undefined;
    }
  }
  const minutes = config.minutes;
  const minutesWriter =
    minutes === undefined
      ? undefined
      : createMinutesWriter({ url: minutes.url, model: minutes.model, timeoutMs: minutes.timeoutMs, ...(minutes.apiKey === undefined ? {} : { apiKey: minutes.apiKey }) });
  return new SmartProcessor({ storage, ffmpegPath, logger, language: config.language, speechToText, minutesWriter, noTranscriptReason: missing });
}
