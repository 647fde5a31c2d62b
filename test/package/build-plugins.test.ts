import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SourceMap, createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAst } from 'rollup/parseAst';

// The rollup plugins of the `<script>` build, on small inputs.
const scripts = (name: string) => pathToFileURL(resolve('scripts', name)).href;

interface TransformResult {
  code: string;
  map: { version: number; sources: string[]; names: string[]; mappings: string };
}
const { minifyLitTemplates } = (await import(scripts('rollup-minify-lit-templates.mjs'))) as {
  minifyLitTemplates: () => { transform: (this: unknown, code: string, id: string) => Promise<TransformResult | null> };
};
const { EVENT_EMITTER, AWAIT_QUEUE, H264_PROFILE_LEVEL_ID, IMPORT_STAR, logger, slimMediasoupClient } = (await import(
  scripts('rollup-slim-mediasoup-client.mjs')
)) as {
  EVENT_EMITTER: string;
  AWAIT_QUEUE: string;
  H264_PROFILE_LEVEL_ID: string;
  IMPORT_STAR: string;
  logger: (packageName: string) => string;
  slimMediasoupClient: () => { transform: (this: unknown, code: string, id: string) => TransformResult | null };
};

async function minify(code: string): Promise<TransformResult> {
  const warnings: string[] = [];
  const context = {
    parse: (text: string) => parseAst(text),
    warn: (warning: { message: string }) => warnings.push(warning.message),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const result = await minifyLitTemplates().transform.call(context, code, '/project/src/elements/x.ts');
  assert.ok(result, 'the module changed');
  assert.deepEqual(warnings, []);
  return result;
}

test('minifyLitTemplates() minifies css`…` with esbuild, keeping escapes', async () => {
  const { code } = await minify(
    [
      'const styles = css`',
      '  /* a comment */',
      '  :host {',
      '    display: block;',
      '    margin: 0px 0px 0px 0px;',
      "    quotes: '\\\\201C' '\\\\201D';",
      '  }',
      '`;',
    ].join('\n'),
  );
  assert.equal(code, "const styles = css`:host{display:block;margin:0;quotes:\"\\\\201c\" \"\\\\201d\"}`;");
});

test('minifyLitTemplates() collapses line breaks in interpolated css`…` and leaves its expressions', async () => {
  const { code } = await minify('const styles = css`\n  :host {\n    ${tokens}\n  }\n`;');
  assert.equal(code, 'const styles = css`\n:host {\n${tokens}\n}\n`;');
});

test('minifyLitTemplates() turns each whitespace run with a line break in html`…` into one line break', async () => {
  const { code } = await minify(
    'const view = html`\n    <p class="a\n       b">\n      ${name}  and  ${other}\n    </p>\n    <span>x</span> <span>y</span>\n  `;',
  );
  assert.equal(code, 'const view = html`\n<p class="a\nb">\n${name}  and  ${other}\n</p>\n<span>x</span> <span>y</span>\n`;');
});

test('minifyLitTemplates() leaves other tagged templates and plain strings alone', async () => {
  const context = { parse: (text: string) => parseAst(text), warn() {}, error() {} };
  const source = 'const a = str`\n  x\n`;\nconst b = `\n  y\n`;';
  assert.equal(await minifyLitTemplates().transform.call(context, source, '/project/src/a.ts'), null);
});

test('minifyLitTemplates() maps code after a shortened template back to its original line and column', async () => {
  const source = 'const view = html`\n    <p>\n      hi\n    </p>\n  `;\nexport const after = 42;\n';
  const { code, map } = await minify(source);
  const line = code.split('\n').findIndex((text) => text.includes('after'));
  const column = code.split('\n')[line]?.indexOf('after') ?? -1;
  const payload = { file: 'x.js', sourceRoot: '', sourcesContent: [source], ...map };
  const entry = new SourceMap(payload).findEntry(line, column) as { originalLine: number; originalColumn: number };
  assert.deepEqual([entry.originalLine, entry.originalColumn], [5, source.split('\n')[5]?.indexOf('after')]);
});

test('the browser bundle\'s EventEmitter keeps Node\'s order, once, off, prepend and error rules', async () => {
  const { EventEmitter } = (await import(`data:text/javascript,${encodeURIComponent(EVENT_EMITTER)}`)) as {
    EventEmitter: new () => {
      on(name: string, listener: (...args: unknown[]) => void): unknown;
      once(name: string, listener: (...args: unknown[]) => void): unknown;
      prependListener(name: string, listener: (...args: unknown[]) => void): unknown;
      off(name: string, listener: (...args: unknown[]) => void): unknown;
      removeAllListeners(name?: string): unknown;
      emit(name: string, ...args: unknown[]): boolean;
      listenerCount(name: string): number;
      listeners(name: string): unknown[];
    };
  };
  const emitter = new EventEmitter();
  const calls: string[] = [];
  const first = (value: unknown) => calls.push(`first ${String(value)}`);
  const once = (value: unknown) => calls.push(`once ${String(value)}`);
  emitter.on('x', first);
  emitter.once('x', once);
  emitter.prependListener('x', (value: unknown) => calls.push(`prepended ${String(value)}`));
  assert.equal(emitter.listenerCount('x'), 3);
  assert.ok(emitter.listeners('x').includes(once), 'listeners() unwraps once()');
  assert.equal(emitter.emit('x', 1), true);
  assert.equal(emitter.emit('x', 2), true);
  assert.deepEqual(calls, ['prepended 1', 'first 1', 'once 1', 'prepended 2', 'first 2']);
  emitter.once('y', once);
  emitter.off('y', once);
  assert.equal(emitter.emit('y', 3), false, 'off() removes a once() listener by the original function');
  emitter.removeAllListeners();
  assert.equal(emitter.listenerCount('x'), 0);
  const error = new Error('boom');
  assert.throws(() => emitter.emit('error', error), (thrown) => thrown === error, 'an unheard error throws');
  // A listener added while emitting runs from the next emit on.
  emitter.on('z', () => emitter.on('z', () => calls.push('late')));
  emitter.emit('z');
  assert.ok(!calls.includes('late'));
});

interface TaskQueue {
  push<T>(task: () => T | PromiseLike<T>, name?: string): Promise<T>;
  stop(): void;
}
interface TaskQueueModule {
  AwaitQueue: new () => TaskQueue;
  AwaitQueueStoppedError: new (message?: string) => Error;
}
const QUEUES: Record<string, TaskQueueModule> = {
  awaitqueue: createRequire(import.meta.url)('awaitqueue') as TaskQueueModule,
  replacement: (await import(`data:text/javascript,${encodeURIComponent(AWAIT_QUEUE)}`)) as TaskQueueModule,
};

/** A promise and the function that resolves it. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

type Scenario = (
  queue: TaskQueue,
  log: (entry: string) => void,
  track: (task: string, pushed: Promise<unknown>) => void,
  module: TaskQueueModule,
) => Promise<void>;

/**
 * What a scenario does with a queue of awaitqueue and with one of the bundle's replacement, step
 * by step down to the microtask (task starts and ends, how each push() settles); both the same.
 */
async function trace(scenario: Scenario): Promise<string[]> {
  const results: Record<string, string[]> = {};
  for (const [name, module] of Object.entries(QUEUES)) {
    const entries: string[] = [];
    const log = (entry: string) => void entries.push(entry);
    const track = (task: string, pushed: Promise<unknown>) => {
      pushed.then(
        (value) => log(`${task} resolved ${String(value)}`),
        (error: Error) => {
          const stopped = error instanceof module.AwaitQueueStoppedError ? ' (stopped)' : '';
          log(`${task} rejected ${error.name}: ${error.message}${stopped}`);
        },
      );
    };
    await scenario(new module.AwaitQueue(), log, track, module);
    await turn();
    results[name] = entries;
  }
  assert.deepEqual(results.replacement, results.awaitqueue);
  return results.awaitqueue ?? [];
}

test('the browser bundle\'s task queue runs tasks one after another in push order, as awaitqueue does', async () => {
  const entries = await trace(async (queue, log, track) => {
    const slow = gate<string>();
    track('a', queue.push(async () => {
      log('a starts');
      const value = await slow.promise;
      log('a ends');
      return value;
    }, 'a'));
    log('a pushed');
    track('b', queue.push(() => {
      log('b runs');
      return 'b';
    }));
    track('c', queue.push(() => {
      log('c runs');
      throw new TypeError('c failed');
    }));
    track('d', queue.push(async () => {
      log('d starts');
      await Promise.resolve();
      throw new RangeError('d failed');
    }));
    track('e', queue.push(async () => {
      log('e starts');
      // A task pushed by a running task runs after the tasks already queued.
      track('f', queue.push(() => (log('f runs'), Promise.resolve('f'))));
      await turn();
      log('e ends');
    }));
    log('all pushed');
    await turn();
    slow.open('a');
    await turn();
    // Pushed while e is still at work, g waits for it and for f.
    track('g', queue.push(() => (log('g runs'), 'g')));
    log('g pushed');
  });
  assert.deepEqual(
    entries.filter((entry) => !entry.includes(' rejected ') && !entry.includes(' resolved ')),
    [
      ...['a starts', 'a pushed', 'all pushed', 'a ends', 'b runs', 'c runs', 'd starts', 'e starts'],
      ...['g pushed', 'e ends', 'f runs', 'g runs'],
    ],
  );
  const settled = [
    ...['a resolved a', 'b resolved b', 'c rejected TypeError: c failed', 'd rejected RangeError: d failed'],
    ...['e resolved undefined', 'f resolved f', 'g resolved g'],
  ];
  for (const entry of settled) {
    assert.ok(entries.includes(entry), entry);
  }
});

test('the browser bundle\'s task queue stops as awaitqueue does and takes tasks again afterwards', async () => {
  const entries = await trace(async (queue, log, track, { AwaitQueueStoppedError }) => {
    queue.stop();
    track('idle', queue.push(() => 'idle'));
    await turn();
    const running = gate<string>();
    track('a', queue.push(async () => {
      log('a starts');
      const value = await running.promise;
      log('a ends');
      return value;
    }));
    track('b', queue.push(() => void log('b runs')));
    track('c', queue.push(() => void log('c runs')));
    queue.stop();
    log('stopped');
    // A push after stop() runs at once, even while the stopped task is still at work.
    const later = gate<string>();
    track('d', queue.push(async () => {
      log('d starts');
      return later.promise;
    }));
    track('e', queue.push(() => (log('e runs'), 'e')));
    await turn();
    running.open('a');
    await turn();
    log('a released');
    later.open('d');
    await turn();
    queue.stop();
    track('f', queue.push(() => 'f'));
    const error = new AwaitQueueStoppedError();
    const custom = new AwaitQueueStoppedError('custom').message;
    log(`${error.name}: ${error.message} ${String(error instanceof Error)} ${custom}`);
  });
  assert.deepEqual(entries, [
    'idle resolved idle',
    'a starts',
    'stopped',
    'd starts',
    'a rejected AwaitQueueStoppedError: queue stopped (stopped)',
    'b rejected AwaitQueueStoppedError: queue stopped (stopped)',
    'c rejected AwaitQueueStoppedError: queue stopped (stopped)',
    'a ends',
    'a released',
    'e runs',
    'd resolved d',
    'e resolved e',
    'AwaitQueueStoppedError: queue stopped true custom',
    'f resolved f',
  ]);
});

test('the logger in the script bundle prints warnings and errors with the package and module name, and no debug output', async (t) => {
  type Log = (format: string, ...args: unknown[]) => void;
  const { Logger } = (await import(`data:text/javascript,${encodeURIComponent(logger('mediasoup-client'))}`)) as {
    Logger: new (prefix?: string) => { debug: Log; warn: Log; error: Log };
  };
  const printed: unknown[][] = [];
  t.mock.method(console, 'warn', (...args: unknown[]) => printed.push(['warn', ...args]));
  t.mock.method(console, 'error', (...args: unknown[]) => printed.push(['error', ...args]));
  t.mock.method(console, 'info', (...args: unknown[]) => printed.push(['info', ...args]));
  t.mock.method(console, 'log', (...args: unknown[]) => printed.push(['log', ...args]));

  const transport = new Logger('Transport');
  transport.debug('connect() [id:%s]', 'a');
  transport.warn('produce() | failed [kind:%s]', 'video');
  transport.error('close() | %o', { code: 1 });
  new Logger().warn('no prefix');
  assert.deepEqual(printed, [
    ['warn', 'mediasoup-client:Transport produce() | failed [kind:%s]', 'video'],
    ['error', 'mediasoup-client:Transport close() | %o', { code: 1 }],
    ['warn', 'mediasoup-client no prefix'],
  ]);
});

test('the script bundle keeps mediasoup-client\'s Transport and handlers but not their data channel methods', () => {
  const context = {
    parse: (text: string) => parseAst(text),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const transform = (file: string, code = readFileSync(file, 'utf8')) => slimMediasoupClient().transform.call(context, code, resolve(file));
  const { code: transport } = transform('node_modules/mediasoup-client/lib/Transport.js')!;
  for (const method of ['produceData', 'consumeData', 'handleDataProducer', 'handleDataConsumer']) {
    assert.match(transport, new RegExp(`\\n    (async )?${method}\\([^)]*\\) \\{ throw new Error\\('data channels are not part of the WE Meeting browser bundle'\\); \\}\\n`));
  }
  assert.match(transport, /\n    async produce\(\{[^)]*\} = \{\}\) \{\n/, 'produce() stays as it is');
  for (const handler of ['Chrome111', 'Firefox120', 'Safari12']) {
    const { code } = transform(`node_modules/mediasoup-client/lib/handlers/${handler}.js`)!;
    assert.match(code, /async sendDataChannel\(\{[^)]*\}\) \{ throw new Error\('data channels/);
    assert.match(code, /async receiveDataChannel\(\{[^)]*\}\) \{ throw new Error\('data channels/);
    assert.match(code, /async send\(\{[^)]*\}\) \{\n/);
  }
  assert.throws(() => transform('node_modules/mediasoup-client/lib/Transport.js', 'class Transport { produce() {} }'), /expected the methods/);
  assert.equal(transform('node_modules/mediasoup-client/lib/Producer.js'), null);
});

type CodecParameters = Record<string, unknown> | null | undefined;
interface H264Module {
  isSameProfile(params1?: CodecParameters, params2?: CodecParameters): boolean;
  generateProfileLevelIdStringForAnswer(local?: CodecParameters, remote?: CodecParameters): string | undefined;
}
const H264: Record<string, H264Module> = {
  'h264-profile-level-id': createRequire(import.meta.url)('h264-profile-level-id') as H264Module,
  replacement: (await import(`data:text/javascript,${encodeURIComponent(H264_PROFILE_LEVEL_ID)}`)) as H264Module,
};

/** What a call gives: its result, or the kind of error it throws. */
function outcome(call: () => unknown): string {
  try {
    return `= ${JSON.stringify(call())}`;
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

/**
 * Calls both exports with each `first` codec and each `second` one, in both orders, on the
 * package and on the replacement; returns how often each outcome came up (the same for both,
 * else it fails).
 */
function compareH264(first: CodecParameters[], second: CodecParameters[]): Map<string, number> {
  const counts = new Map<string, number>();
  const mismatches: string[] = [];
  const original = H264['h264-profile-level-id']!;
  const replacement = H264.replacement!;
  const { stackTraceLimit } = Error;
  Error.stackTraceLimit = 0; // Thrown errors are compared by kind only: no need for their stacks.
  try {
    for (const a of first) {
      for (const b of second) {
        for (const [x, y] of [[a, b], [b, a]]) {
          for (const name of ['isSameProfile', 'generateProfileLevelIdStringForAnswer'] as const) {
            const expected = outcome(() => original[name](x, y));
            const actual = outcome(() => replacement[name](x, y));
            counts.set(expected, (counts.get(expected) ?? 0) + 1);
            if (actual !== expected && mismatches.length < 5) {
              mismatches.push(`${name}(${JSON.stringify(x)}, ${JSON.stringify(y)}): ${actual}, not ${expected}`);
            }
          }
        }
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  assert.deepEqual(mismatches, []);
  return counts;
}

const hex = (byte: number) => byte.toString(16).padStart(2, '0');
/** The level_idc values of H.264 (11 is level 1.1, or 1b with constraint set 3). */
const LEVEL_IDCS = [10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52];
const KNOWN_PROFILE_IDCS = [0x42, 0x4d, 0x58, 0x64, 0xf4];
/** Codecs without a profile-level-id (the default one), and a null one (both throw on it). */
const NO_PROFILE_LEVEL_ID: CodecParameters[] = [undefined, null, {}, { 'level-asymmetry-allowed': 1 }];
const ASYMMETRY = [undefined, 0, 1, '1', true, '0', 2, false];

const withAsymmetry = (id: unknown, asymmetry: unknown): CodecParameters => ({
  'packetization-mode': 1,
  'profile-level-id': id,
  ...(asymmetry === undefined ? {} : { 'level-asymmetry-allowed': asymmetry }),
});

test('the H.264 matcher of the script bundle exports what mediasoup-client calls', () => {
  const ortc = readFileSync(resolve('node_modules/mediasoup-client/lib/ortc.js'), 'utf8');
  const called = [...new Set([...ortc.matchAll(/\bh264\.(\w+)/g)].map((match) => match[1]!))].sort();
  assert.deepEqual(called, ['generateProfileLevelIdStringForAnswer', 'isSameProfile']);
  for (const name of called) assert.equal(typeof H264.replacement![name as keyof H264Module], 'function');
});

test('the H.264 matcher of the script bundle reads every profile-level-id as h264-profile-level-id does', () => {
  const ids: unknown[] = [
    '', '42e01', '42e01f0', '42E01F', '42e01F', 'zzzzzz', '42e0zz', '4 e01f', ' 42e01', '0x42e0',
    '0x4d1f', '-42e01', '+42e01', '000000', 'ffffff', '42e01f\n', 420, 0x42e01f, 0, 1, true,
    ['4', '2', 'e', '0', '1', 'f'],
  ];
  // Every profile_iop byte with the known profile_idc values and all levels, valid or not; and
  // with unknown profile_idc values, at a valid level.
  for (let profileIop = 0; profileIop < 256; profileIop++) {
    for (const profileIdc of KNOWN_PROFILE_IDCS) {
      for (const levelIdc of [...LEVEL_IDCS, 0, 9, 14, 53, 0xff]) {
        ids.push(hex(profileIdc) + hex(profileIop) + hex(levelIdc));
      }
    }
    for (const profileIdc of [0x00, 0x2c, 0x43, 0x4c, 0x59, 0x63, 0x65, 0x7a, 0xf5, 0xff]) {
      for (const levelIdc of [11, 31]) ids.push(hex(profileIdc) + hex(profileIop) + hex(levelIdc));
    }
  }
  // One codec of each profile, each allowing level asymmetry: answers then carry the level read.
  const references = [undefined, '42e01f', '42001f', '4d001f', '640c1f', '64001f', 'f4001f'].map((id) =>
    withAsymmetry(id, 1),
  );
  const counts = compareH264(
    ids.map((id) => withAsymmetry(id, 1)),
    [undefined, ...references],
  );
  const kinds = ['= true', '= false', '= undefined', 'throws TypeError', '= "42e00b"', '= "42f00b"', '= "4d100b"', '= "640c34"'];
  for (const kind of kinds) {
    assert.ok(counts.has(kind), `${kind} came up`);
  }
});

test('the H.264 matcher of the script bundle answers every pair of levels as h264-profile-level-id does', () => {
  // Each profile's profile_idc/profile_iop spellings, with constraint set 3 (level 1b at
  // level_idc 11) or without.
  const profiles = [
    ['42e0', '42f0', '4d80', '4d90', '58c0', '58d0'], // Constrained Baseline
    ['4200', '4210', '5880', '5890'], // Baseline
    ['4d00', '4d10'], // Main
    ['6400'], // High
    ['640c'], // Constrained High
    ['f400'], // Predictive High 4:4:4
  ];
  const outcomes = new Set<string>();
  for (const spellings of profiles) {
    const codecs = spellings.flatMap((spelling) =>
      LEVEL_IDCS.flatMap((levelIdc) =>
        [undefined, 1].map((asymmetry) => withAsymmetry(spelling + hex(levelIdc), asymmetry)),
      ),
    );
    for (const kind of compareH264([...NO_PROFILE_LEVEL_ID, ...codecs], codecs).keys()) outcomes.add(kind);
  }
  assert.ok(outcomes.size > 60, `${outcomes.size} different outcomes`);
});

test('the H.264 matcher of the script bundle reads level-asymmetry-allowed as h264-profile-level-id does', () => {
  const codecs = ['42e0', '42f0', '6400'].flatMap((spelling) =>
    [10, 11, 13, 31, 52].flatMap((levelIdc) =>
      ASYMMETRY.map((asymmetry) => withAsymmetry(spelling + hex(levelIdc), asymmetry)),
    ),
  );
  const noProfileLevelId = ASYMMETRY.map((asymmetry) => withAsymmetry(undefined, asymmetry));
  const counts = compareH264(
    [...NO_PROFILE_LEVEL_ID, ...noProfileLevelId, ...codecs],
    [...noProfileLevelId, ...codecs],
  );
  assert.ok(counts.size > 10, `${counts.size} different outcomes`);
});

test('mediasoup-client\'s modules share one short import-star helper that gives the same namespaces', () => {
  const warnings: string[] = [];
  const context = {
    parse: (text: string) => parseAst(text),
    warn: (message: string) => warnings.push(message),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const file = resolve('node_modules/mediasoup-client/lib/ortc.js');
  const original = readFileSync(file, 'utf8');
  const { code } = slimMediasoupClient().transform.call(context, original, file)!;
  const helpersEnd = original.indexOf('\n})();\n', original.indexOf('var __importStar')) + '\n})();\n'.length;
  assert.equal(code, `"use strict";\n${IMPORT_STAR}${original.slice(helpersEnd)}`, 'only the helpers changed');
  assert.doesNotMatch(code, /__createBinding|__setModuleDefault/);
  assert.deepEqual(warnings, []);

  // The namespaces match TypeScript's helper for both kinds of module.
  type ImportStar = (mod: unknown) => Record<string, unknown>;
  const typescript = new Function(`${original.slice(0, helpersEnd)} return __importStar;`).call({}) as ImportStar;
  const short = new Function(`${IMPORT_STAR} return __importStar;`)() as ImportStar;
  const esModule = Object.defineProperty({ parse: () => 1 }, '__esModule', { value: true });
  assert.equal(short(esModule), esModule);
  assert.equal(typescript(esModule), esModule);
  const commonJs = { parse: () => 1, write: () => 2 };
  assert.deepEqual({ ...short(commonJs) }, { ...typescript(commonJs) });
  assert.equal(short(commonJs).default, commonJs);

  // Helpers in another form are kept, with a warning.
  const changed = original.replace('var __setModuleDefault', 'var __setModuleDefault2');
  slimMediasoupClient().transform.call(context, changed, file);
  assert.match(warnings[0] ?? '', /import helpers changed/);
});
