import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startMailCatcher, startSmsGateway, type MailCatcher, type SmsGateway } from '../server/sign-in-fakes.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';

let server: ServerProcess;
let browser: Browser;
let mail: MailCatcher;
let sms: SmsGateway;
before(async () => {
  mail = await startMailCatcher();
  sms = await startSmsGateway();
  server = await startServerProcess({
    WE_SMTP_URL: mail.url,
    WE_MAIL_FROM: 'WE Meeting <no-reply@example.com>',
    WE_SMS_WEBHOOK_URL: sms.url,
    WE_SMS_WEBHOOK_AUTHORIZATION: 'Bearer gateway-key',
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.close();
  await sms?.close();
});

function meetingIdPattern(id: string): RegExp {
  return new RegExp(id.split('').join('\\s?'));
}

test('a person signs in by e-mail, creates a meeting, a guest joins by name, and "My meetings" lists and exports it', async () => {
  const hostContext = await browser.newContext({ acceptDownloads: true });
  const host = await hostContext.newPage();
  await host.goto(`${server.url}/`);
  const signIn = host.locator('we-sign-in');
  await signIn.getByRole('tab', { name: 'Email' }).click();
  await signIn.getByLabel('Email').fill('Hana@Example.com');
  await signIn.getByRole('button', { name: 'Send code' }).click();
  const code = await mail.codeFor('hana@example.com');
  // Pasted with a space, as codes often are.
  await signIn.getByLabel('Code').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await signIn.getByLabel('Your name').fill('Hana');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.getByText('Signed in as Hana (h***@example.com)').waitFor();

  await host.getByLabel('Topic').fill('Weekly plans');
  await host.getByRole('button', { name: 'Create meeting' }).click();
  await host.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  const id = new URL(host.url()).searchParams.get('meeting')!;
  assert.match(id, /^\d{9}$/);

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(`${server.url}/?meeting=${id}&name=Gus`);
  await guest.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  // The guest is no host: no button to end the meeting.
  assert.equal(await guest.getByRole('button', { name: 'End meeting for all' }).count(), 0);

  await host.getByRole('button', { name: 'End meeting for all' }).click();
  await host.getByRole('button', { name: /Confirm/ }).click();
  await guest.locator('we-meeting[state="left"]').waitFor({ timeout: 10_000 });
  await guestContext.close();

  await host.getByText('My meetings').click();
  const history = host.locator('we-history');
  await history.getByRole('button', { name: meetingIdPattern(id) }).click();
  await history.getByText('Gus', { exact: true }).waitFor();
  await history.getByText('Hana', { exact: true }).waitFor();
  const [download] = await Promise.all([host.waitForEvent('download'), history.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.equal(download.suggestedFilename(), `meeting-${id}.csv`);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv as Buffer[]).toString('utf8');
  assert.match(text, /Hana/);
  assert.match(text, /Gus/);
  await hostContext.close();
});

test('a person signs in by phone through the HTTP SMS gateway', async () => {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  await page.goto(`${server.url}/`);
  const signIn = page.locator('we-sign-in');
  await signIn.getByRole('tab', { name: 'Phone' }).click();
  await signIn.getByLabel('Phone number').fill('+1 202 555 0143');
  await signIn.getByRole('button', { name: 'Send code' }).click();
  const code = await sms.codeFor('+12025550143');
  assert.equal(sms.received.at(-1)!.authorization, 'Bearer gateway-key');
  await signIn.getByRole('button', { name: /Resend code in \d+ s/ }).waitFor();
  await signIn.getByLabel('Code').fill(code);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.getByText('Signed in as 20****0143').waitFor();
  await context.close();
  const output = server.output.join('\n');
  assert.ok(!output.includes(code), 'the code is not in the server output');
});
