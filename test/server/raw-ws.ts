import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A frame the server sent. */
export interface ServerWsFrame {
  opcode: number;
  payload: Buffer;
}

/**
 * A WebSocket client over a bare TCP socket that behaves as the test says, not as a
 * well-mannered client would: it can ignore close frames and pings, stop reading, and
 * write any bytes. Text frames it receives are parsed as JSON into `messages`.
 */
export class HostileWs {
  readonly socket: Socket;
  readonly messages: Record<string, unknown>[] = [];
  readonly frames: ServerWsFrame[] = [];
  /** Answer pings with pongs (a living client) or not (a vanished one). */
  answerPings = true;
  /** Answer a close frame (a polite client) or keep talking (a hostile one). */
  answerClose = false;
  /** Resolves when the TCP connection ends, from either side. */
  readonly ended: Promise<void>;
  #buffer = Buffer.alloc(0);
  #upgraded: Promise<string>;

  private constructor(port: number, path: string, headers: Record<string, string>) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.ended = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.#upgraded = new Promise((resolve, reject) => {
      let head = '';
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        this.socket.off('data', onData);
        const status = head.slice(0, head.indexOf('\r\n'));
        if (!status.includes(' 101 ')) {
          reject(new Error(status));
          return;
        }
        this.socket.on('data', (data: Buffer) => this.#onData(data));
        const rest = Buffer.from(head.slice(end + 4), 'latin1');
        if (rest.length > 0) this.#onData(rest);
        resolve(status);
      };
      this.socket.on('data', onData);
      this.socket.once('close', () => reject(new Error(`closed before the upgrade: ${head.split('\r\n')[0] ?? ''}`)));
    });
    const key = randomBytes(16).toString('base64');
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    this.socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    );
  }

  /** Opens a connection and completes the upgrade; rejects with the status line if refused. */
  static async open(wsUrl: string, headers: Record<string, string> = {}): Promise<HostileWs> {
    const url = new URL(wsUrl);
    const client = new HostileWs(Number(url.port), url.pathname, headers);
    await client.#upgraded;
    return client;
  }

  /** Sends one masked frame (text by default). */
  send(data: string | Buffer, opcode = 0x1): void {
    const payload = typeof data === 'string' ? Buffer.from(data) : data;
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, 0x80 | length])
        : length < 65536
          ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(length)]);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
    if (!this.socket.destroyed) this.socket.write(Buffer.concat([header, mask, masked]));
  }

  /** Sends a request frame. */
  request(id: number, method: string, data: unknown = {}): void {
    this.send(JSON.stringify({ id, method, data }));
  }

  /** Resolves with the first message matching `match` (earlier ones count), or rejects after `ms`. */
  async waitFor(match: (message: Record<string, unknown>) => boolean, ms = 5000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The close frame's code, once one arrived. */
  closeCode(): number | undefined {
    const frame = this.frames.find((candidate) => candidate.opcode === 0x8);
    return frame === undefined || frame.payload.length < 2 ? undefined : frame.payload.readUInt16BE(0);
  }

  destroy(): void {
    this.socket.destroy();
  }

  #onData(data: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, data]);
    for (;;) {
      if (this.#buffer.length < 2) return;
      const opcode = this.#buffer[0]! & 0x0f;
      let length = this.#buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.#buffer.length < 4) return;
        length = this.#buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.#buffer.length < 10) return;
        length = Number(this.#buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.#buffer.length < offset + length) return;
      const payload = this.#buffer.subarray(offset, offset + length);
      this.#buffer = this.#buffer.subarray(offset + length);
      this.frames.push({ opcode, payload });
      if (opcode === 0x1) this.messages.push(JSON.parse(payload.toString()) as Record<string, unknown>);
      if (opcode === 0x9 && this.answerPings) this.send(payload, 0xa);
      if (opcode === 0x8 && this.answerClose) this.send(payload, 0x8);
    }
  }
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}
