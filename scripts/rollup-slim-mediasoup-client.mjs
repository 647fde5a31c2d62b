/**
 * Leaves out of the browser bundle the parts of mediasoup-client a web page never runs: the
 * React Native and pre-M111 Chrome handlers, the fake handler and fake parameters kept for
 * tests, and the `debug` logger (replaced by one that prints only warnings and errors).
 * Browsers that would need a removed handler get a clear error when joining.
 */
const STUBS = {
  './handlers/ReactNative106': unsupported('ReactNative106'),
  './handlers/Chrome74': unsupported('Chrome74'),
  './handlers/FakeHandler': 'export class FakeHandler {}',
  './test/fakeParameters': 'export {};',
  // Warnings and errors still reach the console; debug output never does.
  debug: `export default function debug(namespace) {
  const log = (...args) => {
    if (/:(WARN|ERROR)/.test(namespace)) log.log(...args);
  };
  log.log = () => {};
  log.enabled = false;
  return log;
}`,
};

function unsupported(name) {
  return `export const ${name} = {
  createFactory() {
    throw new Error('this browser is not supported: use a current Chrome, Edge, Firefox or Safari');
  },
};`;
}

export function slimMediasoupClient() {
  const prefix = '\0slim-mediasoup-client:';
  return {
    name: 'slim-mediasoup-client',
    resolveId(source, importer) {
      if (importer === undefined || !importer.includes('/node_modules/mediasoup-client/lib/')) return null;
      const key = source.replace(/\.js$/, '');
      return Object.hasOwn(STUBS, key) ? prefix + key : null;
    },
    load(id) {
      return id.startsWith(prefix) ? STUBS[id.slice(prefix.length)] : null;
    },
  };
}
