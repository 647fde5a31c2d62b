import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

/** Counts passed and failed tests across sessions and writes them for scripts/test.mjs. */
function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load has no results: count it as a failure.
        if (!session.passed && (!session.testResults || session.errors?.length)) failed++;
      }
      if (file) writeFileSync(file, JSON.stringify({ passed, failed }));
    },
  };
}

/**
 * Serves a CommonJS package (mediasoup-client and its helpers) as one ES module, since the
 * dev server loads modules one by one and cannot see CommonJS exports. Export names are read
 * from the package itself, so none are listed by hand.
 */
function esmBundle(pkg) {
  let body;
  return {
    name: `esm-bundle-${pkg}`,
    async serve(context) {
      if (!context.path.includes(`/node_modules/${pkg}/`) || !context.path.endsWith('.js')) return undefined;
      if (body === undefined) {
        const names = Object.keys(await import(pkg)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
        const result = await build({
          stdin: { contents: `import * as m from '${pkg}'; export const { ${names.join(', ')} } = m;`, resolveDir: process.cwd() },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          conditions: ['production'],
          write: false,
          logLevel: 'silent',
        });
        body = result.outputFiles[0].text;
      }
      return { body, type: 'js' };
    },
  };
}

export default {
  files: ['test/core/**/*.test.ts', 'test/elements/**/*.test.ts', 'test/script-tag/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'], browser: true },
  concurrency: 1,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    // mediasoup-client and its helpers ship CommonJS.
    esmBundle('mediasoup-client'),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), countReporter(process.env.WTR_COUNT_FILE)],
};
