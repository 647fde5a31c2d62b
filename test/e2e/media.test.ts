import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { freePort, joinWithToken, launchChromium, startServerProcess, type ServerProcess } from './harness.js';

let server: ServerProcess;
let browser: Browser;
before(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Stats {
  participantId: string;
  source: string;
  kind: string;
  bytesReceived: number;
  framesDecoded?: number;
}

async function joinAs(context: BrowserContext, meeting: string, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/?meeting=${meeting}&name=${encodeURIComponent(name)}`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  return page;
}

function participantId(page: Page, name: string): Promise<string> {
  return page.evaluate((displayName) => {
    const element = document.querySelector('we-meeting') as unknown as {
      client: { participants: { id: string; displayName: string }[] };
    };
    const found = element.client.participants.find((participant) => participant.displayName === displayName);
    if (found === undefined) throw new Error(`no participant named ${displayName}`);
    return found.id;
  }, name);
}

function inboundStats(page: Page): Promise<Stats[]> {
  return page.evaluate(() => {
    const element = document.querySelector('we-meeting') as unknown as { client: { getInboundStats(): Promise<Stats[]> } };
    return element.client.getInboundStats();
  });
}

/** Polls until `check` passes or `ms` elapse; returns the last value. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

function tile(page: Page, id: string) {
  return page.locator(`we-meeting [part~="tile"][data-participant-id="${id}"]`);
}

test('two browsers meet through the SFU: video decoded, audio received, mute, screen share, leave', async () => {
  const context = await browser.newContext();
  const meeting = '222333444';
  const alice = await joinAs(context, meeting, 'Alice');
  const bob = await joinAs(context, meeting, 'Bob');
  const aliceId = await participantId(bob, 'Alice');
  const bobId = await participantId(alice, 'Bob');

  // Each shows the other's tile.
  await tile(bob, aliceId).waitFor({ timeout: 10_000 });
  await tile(alice, bobId).waitFor({ timeout: 10_000 });

  // Bob decodes Alice's camera (frames keep increasing) and receives her audio (bytes grow).
  const camera = (stats: Stats[]) => stats.find((s) => s.participantId === aliceId && s.source === 'camera');
  const mic = (stats: Stats[]) => stats.find((s) => s.participantId === aliceId && s.source === 'mic');
  const first = await eventually(() => inboundStats(bob), (s) => (camera(s)?.framesDecoded ?? 0) > 0 && (mic(s)?.bytesReceived ?? 0) > 0, 10_000);
  assert.ok((camera(first)?.framesDecoded ?? 0) > 0, `no decoded frames: ${JSON.stringify(first)}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const second = await inboundStats(bob);
  assert.ok(camera(second)!.framesDecoded! > camera(first)!.framesDecoded!, 'decoded frames keep increasing');
  assert.ok(mic(second)!.bytesReceived > mic(first)!.bytesReceived, 'inbound audio bytes grow');
  // And the other way round.
  const back = await eventually(() => inboundStats(alice), (s) => s.some((x) => x.participantId === bobId && (x.framesDecoded ?? 0) > 0), 10_000);
  assert.ok(back.some((x) => x.participantId === bobId && (x.framesDecoded ?? 0) > 0));

  // Alice mutes: Bob sees her muted.
  await alice.getByRole('button', { name: 'Mute microphone' }).click();
  await alice.getByRole('button', { name: 'Unmute microphone' }).waitFor();
  await tile(bob, aliceId).getByText('Microphone muted').waitFor({ timeout: 5_000 });
  await alice.getByRole('button', { name: 'Unmute microphone' }).click();
  await tile(bob, aliceId).getByText('Microphone muted').waitFor({ state: 'detached', timeout: 5_000 });

  // Alice shares her screen: Bob decodes it and shows it prominently.
  await bob.evaluate(() => {
    const element = document.querySelector('we-meeting') as unknown as {
      client: { on(event: string, listener: (...args: unknown[]) => void): void };
    };
    const seen: string[] = [];
    (window as unknown as { trackEvents: string[] }).trackEvents = seen;
    element.client.on('trackadded', (_participant, source) => seen.push(`added:${String(source)}`));
    element.client.on('trackremoved', (_participant, source) => seen.push(`removed:${String(source)}`));
  });
  await alice.getByRole('button', { name: 'Share screen' }).click();
  await alice.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 10_000 });
  await bob.locator(`we-meeting [part~="screen"][data-participant-id="${aliceId}"]`).waitFor({ timeout: 10_000 });
  const screen = (stats: Stats[]) => stats.find((s) => s.participantId === aliceId && s.source === 'screen');
  const shared = await eventually(() => inboundStats(bob), (s) => (screen(s)?.framesDecoded ?? 0) > 0, 10_000);
  assert.ok((screen(shared)?.framesDecoded ?? 0) > 0, 'screen frames decoded');

  // Alice leaves: her tile disappears from Bob's page within 2 s.
  await alice.getByRole('button', { name: 'Leave' }).click();
  const left = Date.now();
  await tile(bob, aliceId).waitFor({ state: 'detached', timeout: 2_000 });
  assert.ok(Date.now() - left < 2_000);
  const trackEvents = await bob.evaluate(() => (window as unknown as { trackEvents: string[] }).trackEvents);
  assert.ok(trackEvents.includes('added:screen'), trackEvents.join());
  assert.ok(trackEvents.includes('removed:camera'), trackEvents.join());
  await context.close();
});

test('a page whose camera permission is denied joins with audio and shows the reason', async () => {
  const strict = await launchChromium({ answerPrompts: false });
  const context = await strict.newContext();
  // Grants the microphone only; the camera prompt goes unanswered, which denies it.
  await context.grantPermissions(['microphone'], { origin: server.url });
  const page = await joinAs(context, '555666777', 'Carol');
  await page.locator('we-meeting').getByText(/permission to use the camera was denied/).first().waitFor({ timeout: 10_000 });
  const readSelf = () =>
    page.evaluate(() => {
      const element = document.querySelector('we-meeting') as unknown as {
        client: { self: { audioMuted: boolean; videoOff: boolean; tracks: Record<string, unknown> } };
      };
      const { audioMuted, videoOff, tracks } = element.client.self;
      return { audioMuted, videoOff, sources: Object.keys(tracks) };
    });
  // The microphone is published a moment after the camera was refused.
  const self = await eventually(readSelf, (value) => value.sources.includes('mic'), 10_000);
  assert.deepEqual(self, { audioMuted: false, videoOff: true, sources: ['mic'] });
  await strict.close();
});

test('after the server crashes and restarts, both participants reconnect and see each other again', async () => {
  const port = String(await freePort());
  // A stable signing key, as in production: tokens must survive the restart.
  const secret = 'restart-test-secret-0123456789-abcdefgh';
  const env = { PORT: port, WE_JWT_SECRET: secret };
  let restartable = await startServerProcess(env);
  const context = await browser.newContext();
  const token = (userId: string, name: string) => mintToken(secret, { userId, name, meeting: '888999000', role: 'host' });
  try {
    const dora = await joinWithToken(context, restartable.url, { meeting: '888999000', token: await token('dora', 'Dora') });
    const eli = await joinWithToken(context, restartable.url, { meeting: '888999000', token: await token('eli', 'Eli') });
    await tile(eli, await participantId(eli, 'Dora')).waitFor({ timeout: 10_000 });

    await restartable.stop('SIGKILL');
    await dora.locator('we-meeting[state="reconnecting"]').waitFor({ timeout: 5_000 });
    restartable = await startServerProcess(env);

    await dora.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
    await eli.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
    const doraId = await eventually(
      () => participantId(eli, 'Dora').catch(() => ''),
      (id) => id !== '',
      10_000,
    );
    await tile(eli, doraId).waitFor({ timeout: 10_000 });
    const stats = await eventually(
      () => inboundStats(eli),
      (s) => s.some((x) => x.participantId === doraId && x.source === 'camera' && (x.framesDecoded ?? 0) > 0),
      10_000,
    );
    assert.ok(stats.some((x) => x.participantId === doraId && (x.framesDecoded ?? 0) > 0), 'video flows again after the restart');
  } finally {
    await context.close();
    await restartable.stop();
  }
});

test('a host mutes and removes a participant, then ends the meeting, through the UI', async () => {
  const context = await browser.newContext();
  const meeting = '777111222';
  // The demo mints host tokens; the second participant joins with a participant token.
  const host = await joinAs(context, meeting, 'Hana');
  const guest = await context.newPage();
  await guest.goto(`${server.url}/`);
  const token = await guest.evaluate(async (id) => {
    const response = await fetch('/api/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ meeting: id, name: 'Gus', role: 'participant' }),
    });
    return ((await response.json()) as { token: string }).token;
  }, meeting);
  await guest.locator('we-meeting').evaluate((element: HTMLElement & { meeting: string; token: string; autojoin: boolean }, value) => {
    element.meeting = '777111222';
    element.token = value;
    element.autojoin = true;
  }, token);
  await guest.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await guest.getByRole('button', { name: 'Mute microphone' }).waitFor({ timeout: 10_000 });
  // Participants see no host controls.
  assert.equal(await guest.getByRole('button', { name: 'End meeting for all' }).count(), 0);

  await host.getByRole('button', { name: 'Actions for Gus' }).click();
  await host.getByRole('button', { name: 'Mute', exact: true }).click();
  await guest.getByRole('button', { name: 'Unmute microphone' }).waitFor({ timeout: 5_000 });

  await host.getByRole('button', { name: 'Actions for Gus' }).click();
  await host.getByRole('button', { name: 'Remove from meeting' }).click();
  await host.getByRole('button', { name: 'Confirm removal' }).click();
  await guest.locator('we-meeting[state="left"]').waitFor({ timeout: 5_000 });
  await guest.locator('we-meeting').getByText('The host removed you from the meeting').waitFor();

  await host.getByRole('button', { name: 'End meeting for all' }).click();
  await host.getByRole('button', { name: /Confirm/ }).click();
  await host.locator('we-meeting[state="left"]').waitFor({ timeout: 5_000 });
  await host.locator('we-meeting').getByText('The host ended the meeting').waitFor();
  await context.close();
});
