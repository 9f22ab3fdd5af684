#!/usr/bin/env node
// Submit-to-heatmap time of the explorer for a 512-token BERT text on the full-size random
// checkpoint, in headless Chromium: the forward pass (measured by the server) and the rest
// (transfer, decoding, drawing) separately, with the size of the answer; then how long the
// other views take to fetch what they show.
//   node bench/web_heatmap.mjs [--binary build/attnscope] [--model DIR] [--words 510] [--repeat 5]
// --model defaults to bert-base-uncased-random built by scripts/make-checkpoints.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {parseArgs} from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const {values: options} = parseArgs({
  options: {
    binary: {type: 'string', default: path.join(root, 'build', 'attnscope')},
    model: {type: 'string'},
    words: {type: 'string', default: '510'},
    repeat: {type: 'string', default: '5'},
  },
});
process.env.ATTNSCOPE_BINARY = path.resolve(options.binary);
const {launchBrowser, startServer} = await import(path.join(root, 'tests', 'web', 'harness.mjs'));

const scratch = process.env.ATTNSCOPE_TEST_SCRATCH || path.join(root, 'build', 'test-scratch');
const model = options.model || path.join(scratch, 'bert-base-uncased-random');
if (!options.model) execFileSync(path.join(root, 'scripts', 'make-checkpoints'), [scratch], {stdio: 'inherit'});

// Every word is one WordPiece token, so 510 words + [CLS] + [SEP] = 512 tokens.
const vocabulary = ['the', 'cat', 'sat', 'on', 'mat', 'and', 'looked', 'at', 'bird', 'dog'];
const text = Array.from({length: Number(options.words)}, (_, i) => vocabulary[(i * 7) % vocabulary.length]).join(' ');

const server = await startServer(['--model', model]);
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#source option', {state: 'attached'});
  await page.fill('#text', text);
  const rows = [];
  for (let i = 0; i <= Number(options.repeat); i++) {
    await page.click('#views button[data-view="heatmap"]');
    await page.click('#submit');
    await page.waitForFunction((count) => Number(document.body.dataset.results || 0) === count, i + 1, {timeout: 120000});
    const t = await page.evaluate(() => {
      const answer = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/attention')).at(-1);
      return Object.assign({n: AS.app.result.n, bytes: answer.encodedBodySize}, AS.app.timings.at(-1));
    });
    if (i > 0) rows.push(t);  // the first run pages the weights in
  }
  const median = (f) => rows.map(f).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  console.log(`model ${path.basename(model)}, ${rows[0].n} tokens, ${rows.length} runs (median ms)`);
  console.log(`  forward pass (server: tokenize + forward)           ${median((r) => r.forward_ms).toFixed(0)}`);
  console.log(`  response transfer + decode                          ${median((r) => r.received - r.submit - r.forward_ms).toFixed(0)}`);
  console.log(`  heatmap drawn and painted                           ${median((r) => r.drawn - r.received).toFixed(0)}`);
  console.log(`  submit -> drawn heatmap                             ${median((r) => r.drawn - r.submit).toFixed(0)}`);
  console.log(`  answer to POST /api/attention (bytes)               ${median((r) => r.bytes)}`);

  // Each other view of the last result, from its click to its drawing (data fetched by id).
  console.log('view opened -> drawn (ms, first time for this result)');
  for (const view of ['head', 'model', 'flow', 'scores']) {
    const ms = await page.evaluate(async (name) => {
      const start = performance.now();
      await AS.app.setView(name);
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      return performance.now() - start;
    }, view);
    console.log(`  ${view.padEnd(50)}  ${ms.toFixed(0)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
