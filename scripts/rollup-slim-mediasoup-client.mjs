/**
 * Leaves out of the browser bundle the parts of mediasoup-client a web page never runs: the
 * React Native and pre-M111 Chrome handlers, the fake handler and fake parameters kept for
 * tests, data channels (the SDK sends no data over SCTP), and the `debug` logger of
 * mediasoup-client (replaced by one that prints only warnings and errors). Node's full event
 * emitter gives way to a small one with the same behaviour for the methods mediasoup-client
 * calls, the `awaitqueue` package (with its own logger) to a small task queue with the same
 * push() and stop(), and the `h264-profile-level-id` package (with its logger) to a small
 * H.264 profile matcher giving the same results for the two functions mediasoup-client's codec
 * matching calls. TypeScript's `import * as` helpers, repeated in every module, shrink to one
 * short function each. Browsers that would need a removed handler get a clear error when
 * joining.
 */
import { resolve } from 'node:path';
import { spliceWithSourceMap, walk } from './rollup-minify-lit-templates.mjs';

const DATA_CHANNELS_LEFT_OUT = 'data channels are not part of the WE Meeting browser bundle';

// Listeners run in the order added (prepended ones first), on a copy of the list, with the
// emitter as `this`; an 'error' nobody listens to throws, as in Node.
export const EVENT_EMITTER = `export class EventEmitter {
  #events = new Map();
  #add(name, listener, prepend) {
    const list = this.#events.get(name) ?? [];
    if (prepend) list.unshift(listener);
    else list.push(listener);
    this.#events.set(name, list);
    return this;
  }
  #wrapOnce(name, listener) {
    const once = (...args) => {
      this.removeListener(name, once);
      return listener.apply(this, args);
    };
    once.listener = listener;
    return once;
  }
  on(name, listener) { return this.#add(name, listener, false); }
  addListener(name, listener) { return this.#add(name, listener, false); }
  prependListener(name, listener) { return this.#add(name, listener, true); }
  once(name, listener) { return this.#add(name, this.#wrapOnce(name, listener), false); }
  prependOnceListener(name, listener) { return this.#add(name, this.#wrapOnce(name, listener), true); }
  off(name, listener) { return this.removeListener(name, listener); }
  removeListener(name, listener) {
    const list = this.#events.get(name);
    if (list === undefined) return this;
    const index = list.findLastIndex((entry) => entry === listener || entry.listener === listener);
    if (index !== -1) list.splice(index, 1);
    if (list.length === 0) this.#events.delete(name);
    return this;
  }
  removeAllListeners(name) {
    if (name === undefined) this.#events.clear();
    else this.#events.delete(name);
    return this;
  }
  emit(name, ...args) {
    const list = this.#events.get(name);
    if (list === undefined) {
      if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error('Unhandled error.');
      return false;
    }
    for (const listener of [...list]) listener.apply(this, args);
    return true;
  }
  listenerCount(name) { return this.#events.get(name)?.length ?? 0; }
  listeners(name) { return (this.#events.get(name) ?? []).map((entry) => entry.listener ?? entry); }
  rawListeners(name) { return [...(this.#events.get(name) ?? [])]; }
  eventNames() { return [...this.#events.keys()]; }
  setMaxListeners() { return this; }
  getMaxListeners() { return Infinity; }
}
export default EventEmitter;`;

// mediasoup-client's Transport queues its work through awaitqueue's AwaitQueue and calls only
// push(task, name) and stop(). Tasks run one after another in push order, the first at once
// inside push() and each next one as soon as the one before settles; push() gives the task's
// result or error. stop() rejects every queued task and the running one with its own
// AwaitQueueStoppedError and leaves the queue empty for later pushes; a stopped task still
// running finishes on its own without starting another.
export const AWAIT_QUEUE = `export class AwaitQueueStoppedError extends Error {
  constructor(message = 'queue stopped') {
    super(message);
    this.name = 'AwaitQueueStoppedError';
  }
}
export class AwaitQueue {
  #tasks = [];
  async push(task) {
    return new Promise((resolve, reject) => {
      const entry = { task, resolve, reject };
      if (this.#tasks.push(entry) === 1) this.#run(entry);
    });
  }
  stop() {
    for (const entry of this.#tasks.splice(0)) entry.reject(new AwaitQueueStoppedError());
  }
  async #run(entry) {
    let settle;
    try {
      const result = await entry.task();
      settle = () => entry.resolve(result);
    } catch (error) {
      settle = () => entry.reject(error);
    }
    if (this.#tasks[0] !== entry) return;
    this.#tasks.shift();
    settle();
    if (this.#tasks.length > 0) this.#run(this.#tasks[0]);
  }
}`;

// mediasoup-client's codec matching (ortc.js) calls only isSameProfile() and
// generateProfileLevelIdStringForAnswer() of h264-profile-level-id, and catches what the
// latter throws without reading it. These two give the package's results for every input:
// profile-level-id parsed with parseInt (so a partly hex string counts as what parseInt reads),
// RFC 6184's profile_idc/profile_iop patterns tried in the package's order, level_idc 11 with
// constraint set 3 read as level 1b (here 0), a missing profile-level-id taken as Constrained
// Baseline 3.1, the package's ordering of level 1b when picking the lower level (every level
// but 1 counts as below it), and level-asymmetry-allowed as true, 1 or '1'. A profile is named by the first four hex digits
// of its canonical profile-level-id. Unlike the package, they print no warnings.
export const H264_PROFILE_LEVEL_ID = `const PROFILES = [
  [0x42, 0x4f, 0x40, '42e0'], [0x4d, 0x8f, 0x80, '42e0'], [0x58, 0xcf, 0xc0, '42e0'],
  [0x42, 0x4f, 0x00, '4200'], [0x58, 0xcf, 0x80, '4200'], [0x4d, 0xaf, 0x00, '4d00'],
  [0x64, 0xff, 0x00, '6400'], [0x64, 0xff, 0x0c, '640c'], [0xf4, 0xff, 0x00, 'f400'],
];
const LEVELS = [10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52];
function parse(params = {}) {
  const text = params['profile-level-id'];
  if (!text) return { profile: '42e0', level: 31 };
  if (typeof text !== 'string' || text.length !== 6) return undefined;
  const value = parseInt(text, 16);
  const idc = (value >> 16) & 0xff, iop = (value >> 8) & 0xff, level = value & 0xff;
  const pattern = PROFILES.find(([id, mask, bits]) => id === idc && (iop & mask) === bits);
  if (!LEVELS.includes(level) || !pattern) return undefined;
  return { profile: pattern[3], level: level === 11 && iop & 0x10 ? 0 : level };
}
const isLess = (a, b) => (a === 0 ? b !== 10 && b !== 0 : b === 0 ? a !== 10 : a < b);
const asymmetric = (params) => [true, 1, '1'].includes(params['level-asymmetry-allowed']);
export function isSameProfile(params1 = {}, params2 = {}) {
  const a = parse(params1), b = parse(params2);
  return Boolean(a && a.profile === b?.profile);
}
export function generateProfileLevelIdStringForAnswer(local = {}, remote = {}) {
  if (!local['profile-level-id'] && !remote['profile-level-id']) return undefined;
  const a = parse(local), b = parse(remote);
  if (!a || !b || a.profile !== b.profile) throw new TypeError('H264 profile mismatch');
  const level = (asymmetric(local) && asymmetric(remote)) || isLess(a.level, b.level) ? a.level : b.level;
  if (level === 0) return { '42e0': '42f00b', '4200': '42100b', '4d00': '4d100b' }[a.profile];
  return a.profile + level.toString(16).padStart(2, '0');
}`;

const STUBS = {
  './handlers/ReactNative106': unsupported('ReactNative106'),
  './handlers/Chrome74': unsupported('Chrome74'),
  './handlers/FakeHandler': 'export class FakeHandler {}',
  './test/fakeParameters': 'export {};',
  './DataProducer': unsupportedClass('DataProducer'),
  './DataConsumer': unsupportedClass('DataConsumer'),
  'events-alias': EVENT_EMITTER,
  awaitqueue: AWAIT_QUEUE,
  'h264-profile-level-id': H264_PROFILE_LEVEL_ID,
  // What mediasoup-client exports as `debug`: prints nothing, as its loggers do not use it.
  debug: `export default function debug(namespace) {
  const log = (...args) => {
    if (/:(WARN|ERROR)/.test(namespace)) log.log(...args);
  };
  log.log = () => {};
  log.enabled = false;
  return log;
}`,
};

function unsupportedClass(name) {
  return `export class ${name} {
  constructor() {
    throw new Error('${DATA_CHANNELS_LEFT_OUT}');
  }
}`;
}

function unsupported(name) {
  return `export const ${name} = {
  createFactory() {
    throw new Error('this browser is not supported: use a current Chrome, Edge, Firefox or Safari');
  },
};`;
}

/**
 * The logger of mediasoup-client: warnings and errors still reach the console, with the
 * package (and module) name first, as its `debug` loggers print them;
 * debug output never does (its calls are left out of the bundle, see rollup.config.mjs).
 */
export function logger(packageName) {
  return `export class Logger {
  constructor(prefix) {
    const name = prefix ? '${packageName}:' + prefix : '${packageName}';
    this.warn = (format, ...args) => console.warn(name + ' ' + format, ...args);
    this.error = (format, ...args) => console.error(name + ' ' + format, ...args);
  }
  debug() {}
}`;
}

/**
 * The data channel methods of the modules that stay, by module: their bodies become the same
 * error the data channel classes above throw.
 */
const DATA_CHANNEL_METHODS = [
  { module: /\/mediasoup-client\/lib\/Transport\.js$/, methods: ['produceData', 'consumeData', 'handleDataProducer', 'handleDataConsumer'] },
  { module: /\/mediasoup-client\/lib\/handlers\/(Chrome111|Firefox120|Safari12)\.js$/, methods: ['sendDataChannel', 'receiveDataChannel'] },
  { module: /\/mediasoup-client\/lib\/handlers\/sdp\/RemoteSdp\.js$/, methods: ['sendSctpAssociation', 'receiveSctpAssociation'] },
];

/**
 * TypeScript's helpers for `import * as`, written out again in every module of
 * mediasoup-client, and a short one in their place that gives the same namespace object: a
 * module that marks itself `__esModule` (all of mediasoup-client's) as it is, any other its
 * exports and itself as `default`.
 */
const IMPORT_STAR_HELPERS =
  /var __createBinding = \(this && this\.__createBinding\) \|\| [^]*?\n\}\)\);\nvar __setModuleDefault = \(this && this\.__setModuleDefault\) \|\| [^]*?\n\}\);\nvar __importStar = \(this && this\.__importStar\) \|\| [^]*?\n\}\)\(\);\n/;
export const IMPORT_STAR = 'var __importStar = (mod) => (mod && mod.__esModule ? mod : { ...mod, default: mod });\n';

/** Packages whose imports the stubs above replace (their `debug` included). */
const SLIMMED_IMPORTERS = /\/node_modules\/(mediasoup-client)\/lib\//;

export function slimMediasoupClient() {
  // Not `\0` ids: rollup leaves those out of the source map, and the stand-ins belong in it.
  const prefix = `${resolve('slim-mediasoup-client')}/`;
  /** The code of each stand-in, by the id it was given. */
  const standIns = new Map();
  const standIn = (name, code) => {
    const id = `${prefix}${name}.js`;
    standIns.set(id, code);
    return id;
  };
  return {
    name: 'slim-mediasoup-client',
    resolveId(source, importer) {
      if (importer === undefined || !SLIMMED_IMPORTERS.test(importer)) return null;
      const key = source.replace(/\.js$/, '');
      if (/^(\.\.?\/)+Logger$/.test(key)) {
        const packageName = SLIMMED_IMPORTERS.exec(importer)[1];
        return standIn(`Logger-${packageName}`, logger(packageName));
      }
      return Object.hasOwn(STUBS, key) ? standIn(key.replace(/^\.\//, '').replaceAll('/', '-'), STUBS[key]) : null;
    },
    load(id) {
      const code = standIns.get(id);
      if (code === undefined) return null;
      // Line by line onto itself, so that the bundle's map names the stand-in, not its neighbour.
      const map = {
        version: 3,
        sources: [id],
        sourcesContent: [code],
        names: [],
        mappings: code.split('\n').map((_, line) => (line === 0 ? 'AAAA' : 'AACA')).join(';'),
      };
      return { code, map };
    },
    transform(code, id) {
      if (!/\/node_modules\/mediasoup-client\/lib\//.test(id)) return null;
      const edits = [];
      const helpers = IMPORT_STAR_HELPERS.exec(code);
      const rest = helpers === null ? code : code.slice(0, helpers.index) + code.slice(helpers.index + helpers[0].length);
      if (helpers !== null && !/__createBinding|__setModuleDefault/.test(rest)) {
        edits.push({ start: helpers.index, end: helpers.index + helpers[0].length, text: IMPORT_STAR });
      } else if (code.includes('var __importStar =')) {
        this.warn(`TypeScript's import helpers changed in ${id}; kept as they are`);
      }
      const methods = DATA_CHANNEL_METHODS.find((entry) => entry.module.test(id))?.methods ?? [];
      let found = 0;
      for (const method of methods.length > 0 ? classMethods(this.parse(code)) : []) {
        if (!methods.includes(method.key.name)) continue;
        edits.push({ start: method.value.body.start, end: method.value.body.end, text: `{ throw new Error('${DATA_CHANNELS_LEFT_OUT}'); }` });
        found += 1;
      }
      if (found !== methods.length) this.error(`expected the methods ${methods.join(', ')} in ${id}`);
      return edits.length === 0 ? null : spliceWithSourceMap(code, edits, id);
    },
  };
}

function* classMethods(program) {
  for (const node of walk(program)) if (node.type === 'MethodDefinition') yield node;
}
