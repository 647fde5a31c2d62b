import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// An application type-checked against the built declarations, through the exports map: the
// tag names and every `we-*` event are typed without casts.
const ROOT = resolve('.');
const run = promisify(execFile);

const EVENTS = {
  'we-state-change': 'WeStateChangeEvent',
  'we-join': 'WeJoinEvent',
  'we-leave': 'WeLeaveEvent',
  'we-error': 'WeErrorEvent',
  'we-participant-join': 'WeParticipantJoinEvent',
  'we-participant-leave': 'WeParticipantLeaveEvent',
  'we-token-expiring': 'WeTokenExpiringEvent',
  'we-recording-state': 'WeRecordingStateEvent',
  'we-recording-consent': 'WeRecordingConsentEvent',
  'we-message': 'WeMessageEvent',
  'we-message-sent': 'WeMessageSentEvent',
  'we-poll-open': 'WePollOpenEvent',
  'we-poll-close': 'WePollCloseEvent',
  'we-vote': 'WeVoteEvent',
  'we-export': 'WeExportEvent',
} as const;

test('HTMLElementTagNameMap and GlobalEventHandlersEventMap type the tags and every we-* event', async () => {
  const app = mkdtempSync(join(tmpdir(), 'we-types-'));
  try {
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(ROOT, join(app, 'node_modules', 'we-meeting'), 'dir');
    const classes = Object.values(EVENTS);
    writeFileSync(
      join(app, 'app.ts'),
      [
        `import 'we-meeting/elements.js';`,
        `import { ${classes.join(', ')}, WeMeetingElement, WeChatElement, WePollElement, WeHistoryElement } from 'we-meeting';`,
        `import { MeetingClient } from 'we-meeting/core';`,
        `type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
        `const meeting: WeMeetingElement = document.createElement('we-meeting');`,
        `const chat: WeChatElement = document.createElement('we-chat');`,
        `const poll: WePollElement = document.createElement('we-poll');`,
        `const history: WeHistoryElement = document.createElement('we-history');`,
        `export const found = [meeting, chat, poll, history, document.querySelector('we-meeting')?.state, MeetingClient];`,
        ...Object.entries(EVENTS).map(
          ([name, type], index) =>
            `meeting.addEventListener('${name}', (event) => { const exact${index}: Exact<typeof event, ${type}> = true; void exact${index}; });`,
        ),
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['app.ts'],
      }),
    );
    writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module' }));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', app], { cwd: app, timeout: 120_000 }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    assert.ok(!('failed' in result), `tsc found errors:\n${result.stdout}`);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
