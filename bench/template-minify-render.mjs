// Checks that the size steps of the `<script>` bundles (Lit css/html minification, short
// message ids, terser) change no pixel: the four elements render in Chromium from a bundle
// built without those steps and from the shipped one, in the dark English and the light
// Chinese look, and the screenshots are compared byte for byte.
//
//   npm run build && node bench/template-minify-render.mjs
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HISTORY_SCRIPT, MEETING_SCRIPT, iifeConfig } from '../rollup.config.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

async function unminifiedTemplates(script) {
  const config = iifeConfig({ templates: false, messageIds: false, terser: false }, script);
  const bundle = await rollup({ ...config, onwarn() {} });
  const { output } = await bundle.generate({ ...config.output, sourcemap: false });
  await bundle.close();
  return output[0].code;
}

const BUNDLES = {
  plain: [await unminifiedTemplates(MEETING_SCRIPT), await unminifiedTemplates(HISTORY_SCRIPT)],
  shipped: [MEETING_SCRIPT, HISTORY_SCRIPT].map((script) => readFileSync(script.file, 'utf8')),
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
