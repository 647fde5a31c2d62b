import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/** The sample rate every engine here reads: 16 kHz mono, 16-bit. */
export const SAMPLE_RATE = 16_000;
/** How much less CPU decoding is given than the live meetings (a `nice` value). */
export const PROCESSING_NICENESS = 10;

/** A track could not be decoded. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/**
 * Decodes a recorded track (`input`, any file ffmpeg reads) to 16 kHz mono 16-bit PCM, at a
 * lower CPU priority than the server's. A track's timeline starts at its first packet: the
 * gaps its sender left (muted stretches, lost packets) are filled with silence, so a sample's
 * index is its time in the file.
 */
export async function decodeTrack(ffmpegPath: string, input: string, signal?: AbortSignal): Promise<Int16Array> {
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-i', input,
    '-map', '0:a:0', '-af', `aresample=${SAMPLE_RATE}:async=1:first_pts=0`, '-ac', '1', '-ar', String(SAMPLE_RATE),
    '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, PROCESSING_NICENESS);
      } catch {
        // Not allowed here (some containers): it decodes at the normal priority.
      }
    }
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1000)));
    child.once('error', (error) => reject(new DecodeError(`ffmpeg could not run: ${error.message}`, { cause: error })));
    child.once('close', (code, killed) => {
      if (code !== 0) {
        reject(new DecodeError(`ffmpeg could not decode the track (${code ?? killed}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
        return;
      }
      const bytes = Buffer.concat(chunks);
      // A copy, aligned for 16-bit access.
      const samples = new Int16Array(Math.floor(bytes.length / 2));
      for (let index = 0; index < samples.length; index++) samples[index] = bytes.readInt16LE(index * 2);
      resolve(samples);
    });
  });
}

/** A WAV file (RIFF, PCM 16-bit mono) holding `samples`. */
export function wavFile(samples: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const data = samples.length * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(data, 40);
  for (let index = 0; index < samples.length; index++) wav.writeInt16LE(samples[index]!, 44 + index * 2);
  return wav;
}
