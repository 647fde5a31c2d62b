import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { SignInChannel } from '../../protocol/sign-in-types.js';

/** One code to deliver. */
export interface CodeMessage {
  channel: SignInChannel;
  /** E.164 phone number or e-mail address. */
  to: string;
  code: string;
  /** Language of the page that asked. */
  locale: 'en' | 'zh-Hans';
  /** Minutes the code stays valid. */
  validMinutes: number;
}

/** Delivers codes on one channel. Rejects when delivery failed; never logs the code. */
export interface CodeSender {
  send(message: CodeMessage): Promise<void>;
}

/** A sender could not deliver a code. The message never holds the code or the address. */
export class SendError extends Error {
  override readonly name = 'SendError';
}

function text(message: CodeMessage): { subject: string; body: string } {
  return message.locale === 'zh-Hans'
    ? {
        subject: `WE Meeting 验证码：${message.code}`,
        body: `你的 WE Meeting 验证码是 ${message.code}，${message.validMinutes} 分钟内有效。如果不是你本人操作，请忽略本邮件。`,
      }
    : {
        subject: `Your WE Meeting code: ${message.code}`,
        body: `Your WE Meeting sign-in code is ${message.code}. It is valid for ${message.validMinutes} minutes. If you did not ask for it, ignore this message.`,
      };
}

/** E-mail over SMTP (`WE_SMTP_URL`, `smtp://user:pass@host:port`), from `WE_MAIL_FROM`. */
export class SmtpSender implements CodeSender {
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(url: string, from: string) {
    this.#transport = createTransport(url);
    this.#from = from;
  }

  async send(message: CodeMessage): Promise<void> {
    const { subject, body } = text(message);
    try {
      await this.#transport.sendMail({ from: this.#from, to: message.to, subject, text: body });
    } catch (cause) {
      // nodemailer's errors may repeat the message; keep only its code.
      throw new SendError(`SMTP delivery failed (${(cause as { code?: string }).code ?? 'error'})`);
    }
  }

  close(): void {
    this.#transport.close();
  }
}

/** Options of {@link WebhookSmsSender}. */
export interface WebhookSmsOptions {
  /** `WE_SMS_WEBHOOK_URL`: where the JSON is posted. */
  url: string;
  /** `WE_SMS_WEBHOOK_AUTHORIZATION`: sent as the `Authorization` header, when set. */
  authorization?: string | undefined;
  /** `WE_SMS_TEMPLATE`: the gateway's template id, when it uses templates. */
  template?: string | undefined;
  /** Longest wait for the gateway (default 10 s). */
  timeoutMs?: number;
}

/**
 * SMS through an HTTP gateway: `POST <url>` with `{ to, template, params: { code, minutes },
 * text, locale }` as JSON and the configured `Authorization` header; any 2xx is delivered.
 */
export class WebhookSmsSender implements CodeSender {
  readonly #options: WebhookSmsOptions;

  constructor(options: WebhookSmsOptions) {
    this.#options = options;
  }

  async send(message: CodeMessage): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.#options.authorization !== undefined) headers.authorization = this.#options.authorization;
    let status: number;
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          to: message.to,
          template: this.#options.template ?? 'we-meeting-sign-in',
          params: { code: message.code, minutes: message.validMinutes },
          text: text(message).body,
          locale: message.locale,
        }),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      status = response.status;
      await response.body?.cancel();
    } catch (cause) {
      throw new SendError(`SMS gateway unreachable (${(cause as Error).name})`);
    }
    if (status < 200 || status > 299) throw new SendError(`SMS gateway answered ${status}`);
  }
}

/**
 * Development only: prints each code on the server's console instead of sending it, so sign-in
 * works on a fresh clone. Never used outside development mode.
 */
export class ConsoleSender implements CodeSender {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  async send(message: CodeMessage): Promise<void> {
    this.#logger.warn({ channel: message.channel, devCode: message.code }, 'development mode: sign-in code (not sent)');
    process.stderr.write(`\n  sign-in code for ${message.to}: ${message.code}\n\n`);
  }
}
