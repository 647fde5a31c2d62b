import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// custom-elements.json as `npm run build` writes it from the elements' JSDoc.
interface Named {
  name: string;
}
interface Declaration extends Named {
  customElement?: boolean;
  tagName?: string;
  summary?: string;
  attributes?: Named[];
  events?: (Named & { type?: { text: string } })[];
  cssParts?: Named[];
  cssProperties?: (Named & { default?: string })[];
  members?: (Named & { attribute?: string })[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[]; exports?: (Named & { kind: string; declaration: { module?: string } })[] }[];
}

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { customElements: string; files: string[] };
const elements = new Map(
  manifest.modules.flatMap((module) => (module.declarations ?? []).filter((d) => d.customElement).map((d) => [d.tagName, d] as const)),
);
const names = (list: Named[] | undefined) => (list ?? []).map((item) => item.name);

test('custom-elements.json is named by package.json and shipped', () => {
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.ok(pkg.files.includes('custom-elements.json'));
});

test('custom-elements.json lists the five elements by tag name, each with a summary', () => {
  assert.deepEqual([...elements.keys()].sort(), ['we-chat', 'we-history', 'we-meeting', 'we-poll', 'we-sign-in']);
  for (const [tag, element] of elements) assert.ok(element.summary, `${tag} has a summary`);
});

test('custom-elements.json points at the shipped files, with a definition for each tag', () => {
  for (const module of manifest.modules) assert.match(module.path, /^dist\/.*\.js$/);
  const definitions = manifest.modules.flatMap((module) => (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition'));
  assert.deepEqual(definitions.map((entry) => entry.name).sort(), ['we-chat', 'we-history', 'we-meeting', 'we-poll', 'we-sign-in']);
  for (const entry of definitions) assert.match(entry.declaration.module ?? '', /^dist\/elements\/.*-element\.js$/);
});

test('custom-elements.json: attributes are the public ones, never Lit internal state', () => {
  const attributes = (tag: string) => names(elements.get(tag)?.attributes);
  for (const name of ['server', 'meeting', 'token', 'display-name', 'no-video', 'no-audio', 'autojoin', 'theme']) {
    assert.ok(attributes('we-meeting').includes(name), `<we-meeting ${name}>`);
  }
  assert.ok(attributes('we-chat').includes('for'));
  assert.ok(attributes('we-poll').includes('for'));
  assert.ok(attributes('we-history').includes('page-size'));
  for (const [tag, element] of elements) {
    assert.deepEqual(names(element.attributes).filter((name) => name.startsWith('_')), [], `${tag} lists no state`);
  }
});

test('custom-elements.json: events are exactly the @fires ones, typed', () => {
  const events = (tag: string) => names(elements.get(tag)?.events).sort();
  assert.deepEqual(events('we-meeting'), [
    'we-error',
    'we-join',
    'we-leave',
    'we-participant-join',
    'we-participant-leave',
    'we-recording-consent',
    'we-recording-state',
    'we-state-change',
    'we-token-expiring',
  ]);
  assert.deepEqual(events('we-chat'), ['we-message', 'we-message-sent']);
  assert.deepEqual(events('we-poll'), ['we-poll-close', 'we-poll-open', 'we-vote']);
  assert.deepEqual(events('we-history'), ['we-export']);
  const join = elements.get('we-meeting')?.events?.find((event) => event.name === 'we-join');
  assert.equal(join?.type?.text, 'WeJoinEvent');
});

test('custom-elements.json: CSS parts and custom properties from @csspart and @cssprop', () => {
  const parts = (tag: string) => names(elements.get(tag)?.cssParts);
  const properties = (tag: string) => names(elements.get(tag)?.cssProperties);
  for (const part of ['prejoin', 'join', 'stage', 'tile', 'toolbar', 'control']) assert.ok(parts('we-meeting').includes(part), `we-meeting::part(${part})`);
  for (const part of ['messages', 'message', 'input', 'send']) assert.ok(parts('we-chat').includes(part), `we-chat::part(${part})`);
  for (const part of ['polls', 'heading']) assert.ok(parts('we-poll').includes(part), `we-poll::part(${part})`);
  for (const part of ['table', 'export']) assert.ok(parts('we-history').includes(part), `we-history::part(${part})`);
  for (const tag of ['we-meeting', 'we-chat', 'we-poll', 'we-history']) {
    assert.ok(properties(tag).includes(`--${tag}-background`), `${tag} has --${tag}-background`);
  }
  const chatBackground = elements.get('we-chat')?.cssProperties?.find((property) => property.name === '--we-chat-background');
  assert.equal(chatBackground?.default, 'var(--we-meeting-background)');
});
