import { MediaAccessError } from './media-errors.js';

/** The devices of each kind the browser reports. */
export interface DeviceList {
  audioinput: MediaDeviceInfo[];
  videoinput: MediaDeviceInfo[];
  audiooutput: MediaDeviceInfo[];
}

/** How long a screen picker may stay open before we give up (headless browsers never answer). */
const SCREEN_TIMEOUT_MS = 60_000;

function mediaDevices(kind: 'audio' | 'video' | 'screen'): MediaDevices {
  const devices = globalThis.navigator?.mediaDevices;
  if (devices === undefined) {
    throw new MediaAccessError(kind, 'unsupported', 'media devices are unavailable (is the page served over https?)');
  }
  return devices;
}

/** Lists cameras, microphones and speakers. Labels are empty until a permission was granted. */
export async function listDevices(): Promise<DeviceList> {
  const list: DeviceList = { audioinput: [], videoinput: [], audiooutput: [] };
  const devices = globalThis.navigator?.mediaDevices;
  if (devices === undefined) return list;
  for (const device of await devices.enumerateDevices()) {
    if (device.deviceId === '' && device.label === '') continue;
    list[device.kind].push(device);
  }
  return list;
}

/** Opens a microphone (the given one, or the default). Rejects with {@link MediaAccessError}. */
export async function openMicrophone(deviceId?: string): Promise<MediaStreamTrack> {
  try {
    const stream = await mediaDevices('audio').getUserMedia({
      audio: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      },
    });
    return stream.getAudioTracks()[0]!;
  } catch (error) {
    throw MediaAccessError.from('audio', error);
  }
}

/** Opens a camera (the given one, or the default) at up to 1280×720. Rejects with {@link MediaAccessError}. */
export async function openCamera(deviceId?: string): Promise<MediaStreamTrack> {
  try {
    const stream = await mediaDevices('video').getUserMedia({
      video: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
        width: { ideal: 1280 },
        height: { ideal: 720 },
        frameRate: { ideal: 30 },
      },
    });
    return stream.getVideoTracks()[0]!;
  } catch (error) {
    throw MediaAccessError.from('video', error);
  }
}

/**
 * Asks the user for a screen (with its audio when the browser offers it). Rejects with
 * {@link MediaAccessError}; a picker left open for a minute counts as `timeout`.
 */
export async function openScreen(): Promise<MediaStream> {
  const devices = mediaDevices('screen');
  if (typeof devices.getDisplayMedia !== 'function') {
    throw new MediaAccessError('screen', 'unsupported', 'this browser cannot share a screen');
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new MediaAccessError('screen', 'timeout', 'no screen was chosen in time')),
      SCREEN_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([devices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: true }), timeout]);
  } catch (error) {
    throw MediaAccessError.from('screen', error);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether audio output can be routed to a chosen speaker (`HTMLMediaElement.setSinkId`). */
export function supportsSpeakerSelection(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
