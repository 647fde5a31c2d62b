import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a free loopback port that keeps every message it receives. */
export interface MailCatcher {
  url: string;
  messages: { to: string[]; raw: string }[];
  /** Resolves with the six-digit code of the next (or an already received, unread) message to `to`. */
  codeFor(to: string): Promise<string>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: MailCatcher['messages'] = [];
  let read = 0;
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return {
    url: `smtp://tester:secret@127.0.0.1:${port}`,
    messages,
    async codeFor(to) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const index = messages.findIndex((message, i) => i >= read && message.to.includes(to));
        if (index >= 0) {
          read = index + 1;
          const code = /\b(\d{6})\b/.exec(messages[index]!.raw.replace(/=\r?\n/g, ''))?.[1];
          if (code === undefined) throw new Error('no code in the message');
          return code;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within 10 s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An HTTP SMS gateway that keeps every JSON body posted to it with its headers. */
export interface SmsGateway {
  url: string;
  received: { body: { to: string; template: string; params: { code: string }; text: string }; authorization: string | undefined }[];
  codeFor(to: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSmsGateway(): Promise<SmsGateway> {
  const received: SmsGateway['received'] = [];
  let read = 0;
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    async codeFor(to) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const index = received.findIndex((entry, i) => i >= read && entry.body.to === to);
        if (index >= 0) {
          read = index + 1;
          return received[index]!.body.params.code;
        }
        if (Date.now() > deadline) throw new Error(`no SMS to ${to} within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
