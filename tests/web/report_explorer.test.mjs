// The report's explorer pages (`attnscope html --compact`, what `report` writes): float16
// attention in deflated chunks that the page inflates itself. Checked against Hugging Face's
// golden attentions on the tiny fixtures, and for a 300-token text with full-size BERT and
// GPT-2 in one page: its size, the time to its first drawn view, tooltips against the exact
// float32 weights, and the Compare tab with both models.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {goldenTiny, modelDir, readSafetensors, sharedDir} from './golden.mjs';
import {artifactsDir, binary, launchBrowser, settled, showView, tooltipAt, watchErrors} from './harness.mjs';

const scratch = process.env.ATTNSCOPE_TEST_SCRATCH || path.resolve(import.meta.dirname, '../../build/test-scratch');
const sourceDir = path.resolve(import.meta.dirname, '../..');

// The precision of a stored weight (web/compact_matrix.hpp) plus the tooltip's 3-decimal rounding
// stays inside the 1e-3.
const tooltipTolerance = 1e-3;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});


// Opens a page file and resolves, once its first view is drawn, with the page and the
// milliseconds from navigation to that first drawing.
async function open(file, results) {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  const start = Date.now();
  await page.goto(`file://${file}`);
  await page.waitForFunction((count) => document.body.dataset.results === String(count), results);
  await page.evaluate(() => AS.app.drawn);
  await settled(page);
  return {page, errors, firstDrawMs: Date.now() - start};
}

async function tooltipWeight(page, layer, head, query, key, panel = 0) {
  await page.selectOption('#layer', String(layer));
  await page.selectOption('#head', String(head));
  await settled(page);
  const cell = await page.evaluate(([q, k, p]) => AS.app.frame.panels[p].cellCenter(q, k), [query, key, panel]);
  const tooltip = await tooltipAt(page, cell);
  const match = tooltip.match(/weight (\d\.\d+)/);
  assert.ok(match, tooltip);
  assert.ok(tooltip.includes(`(#${query})`) && tooltip.includes(`(#${key})`), tooltip);
  return Number(match[1]);
}

// Some cells of every kind: the diagonal, the first and last keys, and a spread of others.
function cellsOf(n) {
  return [[0, 0], [1, 0], [n - 1, 0], [n - 1, n - 1], [Math.floor(n / 2), Math.floor(n / 3)], [n - 2, 5], [7, 6]];
}

test('a compact page of the tiny fixtures shows the golden weights within 1e-3 and says how they are stored', async () => {
  const bert = goldenTiny('tiny-bert.0');
  const gpt2 = goldenTiny('tiny-gpt2.0');
  const file = path.join(artifactsDir, 'compact-tiny.html');
  execFileSync(binary, ['html', '--compact', '--model', modelDir('tiny-bert'), '--model', modelDir('tiny-gpt2'), '--text', bert.text, '-o', file]);
  assert.match(fs.readFileSync(file, 'utf8'), /"encoding":"deflate-byte-planes"/);
  const {page, errors} = await open(file, 2);
  try {
    await showView(page, 'heatmap');
    assert.match(await page.textContent('#view-title'), /stored as float16, each weight within 0\.000244\b/);
    const n = bert.tokens.length;
    for (const [layer, head] of [[0, 0], [2, 3], [1, 2]]) {
      for (const [q, k] of cellsOf(n)) {
        const shown = await tooltipWeight(page, layer, head, q, k);
        const golden = bert.attention(layer, head, q, k);
        assert.ok(Math.abs(shown - golden) <= tooltipTolerance, `L${layer}H${head} (${q}, ${k}): ${shown} vs ${golden}`);
      }
    }
    await showView(page, 'compare');
    await settled(page);
    assert.match(await page.textContent('#view-title'), /tiny-bert and tiny-gpt2/);
    for (const [q, k] of cellsOf(gpt2.tokens.length)) {
      const shown = await tooltipWeight(page, 2, 3, q, k, 1);
      const golden = gpt2.attention(2, 3, q, k);
      assert.ok(Math.abs(shown - golden) <= tooltipTolerance, `GPT-2 (${q}, ${k}): ${shown} vs ${golden}`);
    }
    await showView(page, 'model');
    await settled(page);
    await page.screenshot({path: path.join(artifactsDir, 'compact-tiny-model-view.png')});
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

// About 300 tokens of real English: the first sentences of the UD English dev set.
function paragraph() {
  const conllu = fs.readFileSync(path.join(sharedDir, 'data', 'ud', 'en_ewt-ud-dev.conllu'), 'utf8');
  const sentences = conllu.split('\n').filter((line) => line.startsWith('# text = ')).map((line) => line.slice(9).trim());
  const chosen = [];
  let words = 0;
  for (const sentence of sentences) {
    chosen.push(sentence);
    words += sentence.split(/\s+/).length;
    if (words >= 230) break;
  }
  return chosen.join(' ');
}

test('the 300-token report page with full-size BERT and GPT-2: at most 25 MB, drawn within 2 s, Compare shows both', async () => {
  execFileSync(path.join(sourceDir, 'scripts', 'make-checkpoints'), [scratch], {stdio: 'ignore'});
  const bertDir = path.join(scratch, 'bert-base-uncased-random');
  const gpt2Dir = path.join(scratch, 'gpt2-random');
  const text = paragraph();
  const textFile = path.join(artifactsDir, 'paragraph.txt');
  fs.writeFileSync(textFile, text + '\n');
  const file = path.join(artifactsDir, 'compact-300-tokens.html');
  execFileSync(binary, ['html', '--compact', '--model', bertDir, '--model', gpt2Dir, '--text-file', textFile, '-o', file]);
  const exactFile = path.join(artifactsDir, 'paragraph-bert.safetensors');
  execFileSync(binary, ['extract', '--model', bertDir, '--text-file', textFile, '-o', exactFile]);
  const exact = readSafetensors(exactFile)('attentions');
  const [layers, heads, n] = exact.shape;
  assert.ok(n >= 300, `${n} tokens`);

  const megabytes = fs.statSync(file).size / 1e6;
  assert.ok(megabytes <= 25, `${megabytes.toFixed(1)} MB`);

  {
    // The first opening of the page in a fresh browser: what a user sees.
    const {page, errors, firstDrawMs} = await open(file, 2);
    try {
      console.log(`# ${megabytes.toFixed(1)} MB, first view drawn in ${firstDrawMs} ms`);
      assert.ok(firstDrawMs <= 2000, `first view drawn after ${firstDrawMs} ms`);
      assert.match(await page.textContent('#status'), new RegExp(`bert-base-uncased-random: ${n} tokens`));
      await showView(page, 'heatmap');
      const at = (l, h, q, k) => exact.values[((l * heads + h) * n + q) * n + k];
      for (const [layer, head] of [[0, 0], [layers - 1, heads - 1], [5, 7]]) {
        for (const [q, k] of cellsOf(n)) {
          const shown = await tooltipWeight(page, layer, head, q, k);
          assert.ok(Math.abs(shown - at(layer, head, q, k)) <= tooltipTolerance,
            `L${layer}H${head} (${q}, ${k}): ${shown} vs ${at(layer, head, q, k)}`);
        }
      }
      await showView(page, 'compare');
      await settled(page);
      assert.match(await page.textContent('#view-title'), /bert-base-uncased-random and gpt2-random/);
      const panels = await page.evaluate(() => AS.app.frame.panels.length);
      assert.equal(panels, 2);
      await page.screenshot({path: path.join(artifactsDir, 'compact-300-tokens-compare.png')});
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});
