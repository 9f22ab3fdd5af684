// The neuron view and the query–key map in headless Chromium, on the tiny fixture models served
// by `attnscope serve`: the softmax the neuron view shows equals Hugging Face's golden attention
// row, GPT-2's future keys are masked, the map places every query and key (2·n points), choosing
// a query redraws both, the SVG export holds the points, and a saved page says why it cannot
// show either view.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {goldenTiny, modelDir} from './golden.mjs';
import {artifactsDir, binary, openServedExplorer, pageSteps, tooltipAt, watchErrors} from './harness.mjs';

const bert = goldenTiny('tiny-bert.0');
const gpt2 = goldenTiny('tiny-gpt2.0');

let explorer;
let page;

before(async () => {
  explorer = await openServedExplorer(['--model', modelDir('tiny-bert'), '--model', modelDir('tiny-gpt2')]);
  ({page} = explorer);
});
after(() => explorer?.close());

// Views fetch what they show when they need it; settled() waits until the current one is drawn.
const {settled, shot, showView, submit} = pageSteps(() => page);

async function choose(layer, head, query) {
  await page.selectOption('#layer', String(layer));
  await page.selectOption('#head', String(head));
  await settled();
  await page.click(`#view-extra button[data-query="${query}"]`);
  await settled();
}

const hover = (point) => tooltipAt(page, point);

// The centre of key j's cell in one of the neuron view's columns.
const neuronCell = (column, j) => page.evaluate(([c, k]) => {
  const f = AS.app.frame;
  return {x: f.columns[c].x + f.columns[c].width - 6, y: f.top + (k + 0.5) * f.cellH};
}, [column, j]);

async function expectGoldenSoftmax(golden, layer, head, query) {
  await choose(layer, head, query);
  assert.match(await page.textContent('#view-title'), new RegExp(`Layer ${layer} · Head ${head} of ${golden.key.split('.')[0]}, query .* \\(#${query}\\)`));
  const n = golden.tokens.length;
  const weights = await page.evaluate(() => Array.from(AS.app.frame.row.weights));
  assert.equal(weights.length, n);
  for (let k = 0; k < n; k++) {
    const expected = golden.attention(layer, head, query, k);
    assert.ok(Math.abs(weights[k] - expected) <= 1e-5, `L${layer}H${head} q${query} k${k}: ${weights[k]} vs ${expected}`);
    const tooltip = await hover(await neuronCell('weight', k));
    const shown = Number(tooltip.match(/weight (\d\.\d{3})/)[1]);
    assert.ok(Math.abs(shown - expected) <= 5e-4 + 1e-6, `tooltip ${tooltip} vs ${expected}`);
    assert.ok(tooltip.includes(`(#${k})`), tooltip);
  }
}

test('neuron view: the softmax of q·k/√d is the golden attention row, for BERT and GPT-2', async () => {
  await submit(bert.text, 'tiny-bert');
  await showView('neuron');
  await expectGoldenSoftmax(bert, 0, 0, 1);
  await expectGoldenSoftmax(bert, 2, 3, 5);
  // The scaled score column is q·k / √16 of the same row.
  const [dots, scores] = await page.evaluate(() => [Array.from(AS.app.frame.row.dots), AS.app.frame.row.scores]);
  dots.forEach((dot, k) => assert.ok(Math.abs(dot / 4 - scores[k]) < 1e-9));
  assert.match(await hover(await neuronCell('score', 2)), new RegExp(`score  ${scores[2].toFixed(4)}`));
  await shot('neuron-view-bert');

  await submit(gpt2.text, 'tiny-gpt2');
  await showView('neuron');
  // A causal model opens on its last word: the first query can only see itself.
  assert.match(await page.textContent('#view-title'), new RegExp(`\\(#${gpt2.tokens.length - 1}\\)`));
  await expectGoldenSoftmax(gpt2, 1, 2, 4);
  assert.match(await hover(await neuronCell('score', 7)), /masked \(after the query\)/);
  assert.match(await hover(await neuronCell('weight', 7)), /weight 0\.000/);
  await shot('neuron-view-gpt2');
});

test('query–key map: 2·n points, lines to the strongest keys, a click chooses the query, SVG export', async () => {
  await submit(bert.text, 'tiny-bert');
  await showView('qkmap');
  await choose(1, 2, 3);
  const n = bert.tokens.length;
  const map = await page.evaluate(() => {
    const f = AS.app.frame;
    return {points: f.points.map((p) => ({kind: p.kind, index: p.index, x: p.x, y: p.y})), strongest: f.strongest, weights: Array.from(f.weights)};
  });
  assert.equal(map.points.length, 2 * n);
  assert.equal(map.points.filter((p) => p.kind === 'query').length, n);
  assert.deepEqual(map.points.filter((p) => p.kind === 'key').map((p) => p.index), Array.from({length: n}, (_, i) => i));
  // The lines go to the keys with the largest golden weights from query 3.
  const golden = Array.from({length: n}, (_, k) => k).sort((a, b) => bert.attention(1, 2, 3, b) - bert.attention(1, 2, 3, a));
  assert.deepEqual(map.strongest, golden.slice(0, 5));
  // As the legend says, the keys sit on the queries' mean: the two clouds' centres coincide.
  const centres = await page.evaluate(() => {
    const {points} = AS.queryKeyProjection(AS.app.result, 1, 2);
    const centre = (kind) => [0, 1].map((axis) => {
      const of = points.filter((p) => p.kind === kind);
      return of.reduce((s, p) => s + p.uv[axis], 0) / of.length;
    });
    return [centre('query'), centre('key')];
  });
  for (const axis of [0, 1]) assert.ok(Math.abs(centres[0][axis] - centres[1][axis]) < 1e-9, JSON.stringify(centres));

  const key = map.points.find((p) => p.kind === 'key' && p.index === golden[0]);
  const tooltip = await hover(key);
  assert.match(tooltip, /^key/);
  assert.ok(tooltip.includes(`weight ${bert.attention(1, 2, 3, golden[0]).toFixed(3)}`), tooltip);
  await shot('query-key-map');

  // A query other than 3 that no other point crowds, so the click lands on it.
  const free = await page.evaluate(() => {
    const f = AS.app.frame;
    return f.points.find((p) => p.kind === 'query' && p.index !== 3 && AS.views.qkmap.nearest(f, p.x, p.y) === p);
  });
  assert.ok(free, 'every query point is crowded');
  const client = await page.evaluate((p) => AS.app.clientPoint(p), free);
  await page.mouse.click(client.x, client.y);
  await settled();
  assert.match(await page.textContent('#view-title'), new RegExp(`\\(#${free.index}\\)$`));
  assert.equal(await page.evaluate(() => AS.app.frame.points.length), 2 * n);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  const file = path.join(artifactsDir, 'query-key-map.svg');
  await download.saveAs(file);
  const svg = fs.readFileSync(file, 'utf8');
  // Every point, the chosen query's ring and the two legend dots.
  assert.equal((svg.match(/<circle /g) || []).length, 2 * n + 3);
  assert.ok(svg.includes('PC 1 ('), 'axis titles');
});

test('a saved page explains that the neuron view needs the server', async () => {
  const file = path.join(artifactsDir, 'neuron-offline.html');
  execFileSync(binary, ['html', '--model', modelDir('tiny-bert'), '--text', bert.text, '-o', file]);
  const filePage = await explorer.browser.context.newPage();
  const fileErrors = watchErrors(filePage);
  try {
    await filePage.goto(`file://${file}`);
    await filePage.waitForFunction(() => document.body.dataset.results === '1');
    for (const view of ['neuron', 'qkmap']) {
      await showView(view, filePage);
      await settled(filePage);
      assert.match(await filePage.textContent('#status'), /saved page does not hold: open the text in `attnscope serve`/);
    }
    await showView('heatmap', filePage);
    await settled(filePage);
    assert.match(await filePage.textContent('#view-title'), /Heatmap/);
    assert.deepEqual(fileErrors, []);
  } finally {
    await filePage.close();
  }
});
