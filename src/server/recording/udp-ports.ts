import * as dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

function bind(port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/** Ports handed out and not yet given back: free to the system, but a recorder is about to bind them. */
const reserved = new Set<number>();

/**
 * An even UDP port whose successor is free too (RTP on `port`, RTCP on `port + 1`), for a
 * recorder to listen on, reserved until {@link releaseRtpPorts}: two recorders starting at once
 * never get the same pair.
 */
export async function freeRtpPorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePair();
    if (port === undefined || reserved.has(port)) continue;
    reserved.add(port);
    return port;
  }
  throw new Error('no free pair of UDP ports for a recorder');
}

/** Gives back a pair from {@link freeRtpPorts} (its recorder ended). */
export function releaseRtpPorts(port: number): void {
  reserved.delete(port);
}

async function freePair(): Promise<number | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const first = await bind(0);
    if (first === undefined) continue;
    const port = (first.address() as { port: number }).port;
    const rtp = port % 2 === 0 ? first : await bind(port + 1);
    if (rtp !== first) first.close();
    if (rtp === undefined) continue;
    const rtpPort = (rtp.address() as { port: number }).port;
    const rtcp = await bind(rtpPort + 1);
    rtp.close();
    if (rtcp === undefined) continue;
    rtcp.close();
    return rtpPort;
  }
  return undefined;
}

/** Whether some process holds UDP `port` (read from /proc/net/udp, else by trying to bind it). */
export async function udpPortBound(port: number): Promise<boolean> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  try {
    const tables = await Promise.all(['/proc/net/udp', '/proc/net/udp6'].map((file) => readFile(file, 'utf8').catch(() => '')));
    if (tables.some((table) => table !== '')) {
      return tables.some((table) => table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex.trim())));
    }
  } catch {
    // Fall through to binding.
  }
  const socket = await bind(port);
  socket?.close();
  return socket === undefined;
}
