// What the recording e2e tests share: joining the demo page, the recording controls by their
// accessible names, and waiting on what the server's recorder writes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RecordingSummary } from '../../src/protocol/records.js';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens the demo page of `serverUrl` and joins `meeting` as `name`. */
export async function joinAs(context: BrowserContext, serverUrl: string, meeting: string, name: string, role: 'host' | 'participant'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${serverUrl}/?meeting=${meeting}&name=${encodeURIComponent(name)}${role === 'participant' ? '&role=participant' : ''}`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  return page;
}

export function selfId(page: Page): Promise<string> {
  return page.evaluate(() => (document.querySelector('we-meeting') as unknown as { client: { self: { id: string } } }).client.self.id);
}

/** Every recording's manifest under a data directory. */
export function manifests(dataDir: string): RecordingManifest[] {
  const root = join(dataDir, 'recordings');
  return (existsSync(root) ? readdirSync(root) : [])
    .map((id) => join(root, id, 'manifest.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as RecordingManifest);
}

/**
 * Resolves once the recorder writes segment number `after + 1` of `participantId`'s `source`
 * (its file has data), so that a test waits for a recorder starting on a busy machine
 * instead of a guess.
 */
export async function recorderWriting(dataDir: string, participantId: string, source: string, after = 0): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const manifest of manifests(dataDir)) {
      const segments = manifest.segments.filter((segment) => segment.participantId === participantId && segment.source === source);
      const file = segments.length > after ? join(dataDir, 'recordings', manifest.id, segments[segments.length - 1]!.file) : undefined;
      if (file !== undefined && existsSync(file) && statSync(file).size > 0) return;
    }
    await sleep(100);
  }
  throw new Error(`no recorder wrote ${participantId}'s ${source}`);
}

export const toolbarButton = (page: Page, name: string) =>
  page.locator('we-meeting [part~="toolbar"]').getByRole('button', { name, exact: true });
export const confirmButton = (page: Page, name: string) =>
  page.locator('we-meeting [part="recording-confirm"]').getByRole('button', { name, exact: true });
export const notice = (page: Page) => page.locator('we-meeting [part="recording-notice"]');
export const prejoinNotice = (page: Page) => page.locator('we-meeting [part="prejoin-recording-notice"]');
export const indicator = (page: Page) => page.locator('we-meeting [part="recording"][role="status"]');

/** The host starts a recording, confirming, and waits until it is on. */
export async function startRecording(host: Page): Promise<void> {
  await toolbarButton(host, 'Start recording').click();
  await confirmButton(host, 'Start recording').click();
  await indicator(host).filter({ hasText: 'Recording' }).waitFor({ timeout: 15_000 });
}

/** The host stops the recording, confirming, and waits until it is off (files finished). */
export async function stopRecording(host: Page): Promise<void> {
  await toolbarButton(host, 'Stop recording').click();
  await confirmButton(host, 'Stop recording').click();
  // "Recording stops…" while the recorders finish their files; off once they have.
  await indicator(host).waitFor({ state: 'detached', timeout: 40_000 });
  await toolbarButton(host, 'Start recording').waitFor({ timeout: 10_000 });
}

/** Waits until the one recording under `dataDir` has a composite that finished rendering. */
export async function compositeSettled(dataDir: string, timeoutMs = 120_000): Promise<RecordingManifest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [manifest] = manifests(dataDir);
    const state = manifest?.composite?.state;
    if (manifest !== undefined && (state === 'ready' || state === 'failed')) return manifest;
    if (Date.now() > deadline) throw new Error(`the composite did not finish: ${JSON.stringify(manifest?.composite)}`);
    await sleep(500);
  }
}

/** What the records API lists of a meeting's recordings, asked as the user who created it. */
export async function listedRecordings(serverUrl: string, meeting: string, creatorUserId: string): Promise<{ token: string; recordings: RecordingSummary[] }> {
  const minted = await fetch(`${serverUrl}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting, name: 'Creator', role: 'host', userId: creatorUserId }),
  });
  const { token } = (await minted.json()) as { token: string };
  const listed = await fetch(`${serverUrl}/api/meetings/${meeting}/recordings`, { headers: { authorization: `Bearer ${token}` } });
  if (!listed.ok) throw new Error(`listing recordings: HTTP ${listed.status}`);
  return { token, recordings: ((await listed.json()) as { recordings: RecordingSummary[] }).recordings };
}

/** Fetches the first KB of a listed file through its signed link, as a player seeking would. */
export async function firstBytes(serverUrl: string, url: string): Promise<Response> {
  return fetch(`${serverUrl}${url}`, { headers: { range: 'bytes=0-1023' } });
}
