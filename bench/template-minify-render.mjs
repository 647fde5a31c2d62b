// Checks that the size steps of the `<script>` builds (Lit css/html minification, short
// message ids, terser) change no pixel: the four elements render in Chromium from the scripts
// built as single files without those steps and with all of them, in the dark English and the
// light Chinese look, and the screenshots are compared byte for byte.
//
//   node bench/template-minify-render.mjs
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HISTORY_SCRIPT, MEETING_SCRIPT, singleFileConfig } from '../rollup.config.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

async function singleFile(script, steps = {}) {
  const config = singleFileConfig(steps, script);
  const bundle = await rollup({ ...config, onwarn() {} });
  const { output } = await bundle.generate({ ...config.output, sourcemap: false });
  await bundle.close();
  return output[0].code;
}

const NONE = { templates: false, messageIds: false, terser: false };
const BUNDLES = {
  plain: [await singleFile(MEETING_SCRIPT, NONE), await singleFile(HISTORY_SCRIPT, NONE)],
  shipped: [await singleFile(MEETING_SCRIPT), await singleFile(HISTORY_SCRIPT)],
};
const PAGES = {
  'dark, English': `<we-meeting meeting="abc" display-name="Ada" style="display:block;height:600px"></we-meeting>
    <we-chat></we-chat><we-poll></we-poll><we-history></we-history>`,
  'light, Chinese': `<div lang="zh-Hans"><we-meeting theme="light" style="display:block;height:600px"></we-meeting>
    <we-chat theme="light"></we-chat><we-poll theme="light"></we-poll><we-history theme="light"></we-history></div>`,
};

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
let different = 0;
for (const [name, body] of Object.entries(PAGES)) {
  const shots = {};
  for (const [variant, scripts] of Object.entries(BUNDLES)) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1600 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent(`<!doctype html><html><body>${body}</body></html>`);
    for (const content of scripts) await page.addScriptTag({ content });
    await page.waitForTimeout(1500);
    shots[variant] = await page.screenshot({ fullPage: true });
    if (errors.length > 0) console.log(`${variant}, ${name}: page errors ${errors.join('; ')}`);
    await page.close();
  }
  const same = Buffer.compare(shots.plain, shots.shipped) === 0;
  if (!same) different += 1;
  console.log(`${name.padEnd(16)} ${same ? 'identical' : 'DIFFERENT'} (${shots.shipped.length} bytes of PNG)`);
}
await browser.close();
process.exitCode = different === 0 ? 0 : 1;
