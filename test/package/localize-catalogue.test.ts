import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The translation catalogue is in step with the code: extracting the messages again changes
// nothing in xliff/, and building the locale module from it gives the committed one.
test('xliff/zh-Hans.xlf and the Chinese locale module are what lit-localize makes of the current sources', () => {
  const work = mkdtempSync(join(tmpdir(), 'we-localize-'));
  const config = JSON.parse(readFileSync('lit-localize.json', 'utf8')) as {
    tsConfig: string;
    inputFiles: string[];
    output: { outputDir: string };
    interchange: { xliffDir: string };
  };
  config.tsConfig = resolve(config.tsConfig);
  config.inputFiles = config.inputFiles.map((glob) => resolve(glob));
  config.output.outputDir = join(work, 'locales');
  config.interchange.xliffDir = join(work, 'xliff');
  writeFileSync(join(work, 'lit-localize.json'), JSON.stringify(config));
  mkdirSync(join(work, 'xliff'));
  // Extraction keeps the translations of the file it finds, so it starts from the committed one.
  copyFileSync('xliff/zh-Hans.xlf', join(work, 'xliff', 'zh-Hans.xlf'));

  const localize = (command: string) =>
    execFileSync(process.execPath, [resolve('node_modules/@lit/localize-tools/bin/lit-localize.js'), command, '--config', join(work, 'lit-localize.json')], {
      stdio: 'pipe',
    });
  localize('extract');
  assert.equal(readFileSync(join(work, 'xliff', 'zh-Hans.xlf'), 'utf8'), readFileSync('xliff/zh-Hans.xlf', 'utf8'), 'run npm run localize:extract');
  localize('build');
  assert.equal(
    readFileSync(join(work, 'locales', 'zh-Hans.ts'), 'utf8'),
    readFileSync('src/elements/locales/zh-Hans.ts', 'utf8'),
    'run npm run localize:build',
  );
});
