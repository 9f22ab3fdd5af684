// The head view's and the heatmap's filters in headless Chromium: bertviz's sentence-pair choice
// (All / A→A / A→B / B→A / B→B) and hiding special tokens. What the views drew (the frame's
// token lists, the head view's recorded lines, the canvas pixels) and the tooltips are checked
// against Hugging Face's golden attentions of a BERT sentence pair and GPT-2 with BOS.
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {goldenPair, goldenTiny, modelDir} from './golden.mjs';
import {openServedExplorer, pageSteps} from './harness.mjs';

const pair = goldenPair('tiny-bert.pair0');
const gpt2 = goldenTiny('tiny-gpt2.0');
const n = pair.tokens.length;
const indices = (keep) => pair.tokens.flatMap((t, i) => (keep(i) ? [i] : []));
// bertviz's split at sentence_b_start: A is [CLS] … [SEP], B the rest with its final [SEP].
const sentenceA = indices((i) => pair.segments[i] === 0);
const sentenceB = indices((i) => pair.segments[i] === 1);
const isSpecial = (i) => ['[CLS]', '[SEP]'].includes(pair.tokens[i]);
const HIDDEN_CAPTION = 'special tokens hidden; weights not renormalised';

let explorer;
let page;

before(async () => {
  explorer = await openServedExplorer(['--model', modelDir('tiny-bert'), '--model', modelDir('tiny-gpt2')]);
  ({page} = explorer);
  await page.fill('#text-pair', pair.text_pair);
  await submit(pair.text, 'tiny-bert');
});
after(() => explorer?.close());

// Views fetch what they show when they need it; settled() waits until the current one is drawn.
const {settled, shot, showView, submit} = pageSteps(() => page);
const title = async () => {
  await settled();
  return page.textContent('#view-title');
};
// What the page holds once the current view is drawn.
const frame = async (pick, arg) => {
  await settled();
  return page.evaluate(pick, arg);
};

// Moves the mouse to a point in canvas coordinates and returns the tooltip.
async function hover(pointInCanvas) {
  await settled();
  const point = await page.evaluate((p) => AS.app.clientPoint(p), pointInCanvas);
  await page.mouse.move(point.x, point.y);
  return page.textContent('#tooltip');
}

// The heatmap cell drawn for query q and key k (true token indices), and its tooltip.
async function hoverCell(q, k) {
  const point = await frame(([q, k]) => {
    const panel = AS.app.frame.panels[0];
    return panel.cellCenter(panel.queries.indexOf(q), panel.keys.indexOf(k));
  }, [q, k]);
  return hover(point);
}

// The golden weight of a cell, written as the tooltip writes it; null near a rounding boundary.
function goldenText(golden, layer, head, q, k) {
  const scaled = golden.attention(layer, head, q, k) * 1000;
  return Math.abs(scaled - Math.floor(scaled) - 0.5) > 0.02 ? golden.attention(layer, head, q, k).toFixed(3) : null;
}

function expectTooltip(tooltip, labels, q, k, weight) {
  assert.ok(tooltip.includes(`query  ${JSON.stringify(labels[q])} (#${q})`), tooltip);
  assert.ok(tooltip.includes(`key    ${JSON.stringify(labels[k])} (#${k})`), tooltip);
  assert.ok(tooltip.includes(`weight ${weight}`), `${tooltip} vs ${weight}`);
}

// The canvas pixel at a cell's centre and the colour the heatmap's colormap gives `weight`
// against the largest weight of the drawn block.
function cellColor(q, k, weight, max) {
  return page.evaluate(([q, k, weight, max]) => {
    const canvas = document.getElementById('canvas');
    const panel = AS.app.frame.panels[0];
    const {x, y} = panel.cellCenter(panel.queries.indexOf(q), panel.keys.indexOf(k));
    const ratio = canvas.width / parseFloat(canvas.style.width);
    const pixel = canvas.getContext('2d').getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data;
    return {drawn: [...pixel.slice(0, 3)], expected: AS.colormap('attention').rgb(weight, 0, max)};
  }, [q, k, weight, max]);
}

// What the matrix image covers: a pixel inside its last row and column, and one just past each.
function matrixEdges() {
  return page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    const {left, top, width, height} = AS.app.frame.panels[0];
    const ratio = canvas.width / parseFloat(canvas.style.width);
    const at = (x, y) => [...canvas.getContext('2d').getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data.slice(0, 3)];
    return {inside: at(left + width - 2, top + height - 2), right: at(left + width + 4, top + 2), below: at(left + width - 2, top + height + 2)};
  });
}

test('the pair filter is offered for a sentence pair in the head view and the heatmap only', async () => {
  assert.deepEqual(await page.evaluate(() => AS.app.result.tokens.map((t) => t.segment)), pair.segments);
  for (const view of ['head', 'heatmap']) {
    await showView(view);
    await settled();
    const options = await page.$$eval('#pair-filter option', (list) => list.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options, [['all', 'All'], ['AA', 'A→A'], ['AB', 'A→B'], ['BA', 'B→A'], ['BB', 'B→B']], view);
    assert.equal(await page.inputValue('#pair-filter'), 'all');
    assert.equal(await page.isEnabled('#hide-special'), true);
  }
  await showView('model');
  await settled();
  assert.equal(await page.locator('#pair-filter, #hide-special').count(), 0);
});

test('head view, A→B: every line drawn goes from a sentence-A query to a sentence-B key', async () => {
  await showView('head');
  await page.selectOption('#layer', '1');
  await page.selectOption('#pair-filter', 'AB');
  assert.match(await title(), /Layer 1 of tiny-bert \(A→B: queries in sentence A, keys in sentence B; weights not renormalised;/);
  const drawn = await frame(() => ({queries: AS.app.frame.queries, keys: AS.app.frame.keys, lines: AS.app.frame.drawn}));
  assert.deepEqual(drawn.queries, sentenceA);
  assert.deepEqual(drawn.keys, sentenceB);
  assert.ok(drawn.lines.length > 20, `${drawn.lines.length} lines`);
  for (const {head, query, key, weight} of drawn.lines) {
    assert.equal(pair.segments[query], 0, `query #${query}`);
    assert.equal(pair.segments[key], 1, `key #${key}`);
    assert.ok(Math.abs(weight - pair.attention(1, head, query, key)) < 1e-4, `H${head} ${query}→${key}: ${weight}`);
  }
  // And none is missing: every golden A→B weight clearly above the visibility floor (0.01) is drawn.
  const drawnSet = new Set(drawn.lines.map((l) => `${l.head}/${l.query}/${l.key}`));
  for (let h = 0; h < 4; h++) {
    for (const q of sentenceA) {
      for (const k of sentenceB) {
        if (pair.attention(1, h, q, k) > 0.0101) assert.ok(drawnSet.has(`${h}/${q}/${k}`), `H${h} ${q}→${k} not drawn`);
      }
    }
  }
  await shot('filters-head-view-A-to-B');
  // The columns list A on the left and B on the right; hovering names the true indices.
  const geometry = await frame(() => ({leftX: AS.app.frame.leftX, rightX: AS.app.frame.rightX, top: AS.app.frame.top, row: AS.app.frame.rowHeight}));
  const rowY = (r) => geometry.top + (r + 0.5) * geometry.row;
  assert.match(await hover({x: geometry.rightX + 12, y: rowY(0)}), /^key "it" \(#9\)$/);
  assert.match(await hover({x: geometry.leftX - 12, y: rowY(2)}), /^query "cat" \(#2\)$/);
  const focused = await frame(() => AS.app.frame.drawn);
  assert.ok(focused.length > 0 && focused.every((l) => l.query === 2 && pair.segments[l.key] === 1), JSON.stringify(focused));
  await shot('filters-head-view-A-to-B-cat');
  await page.mouse.move(1, 1);
});

test('heatmap, B→A: exactly |B| rows × |A| columns, golden tooltips with the true indices', async () => {
  await showView('heatmap');
  await page.selectOption('#layer', '1');
  await page.selectOption('#head', '2');
  await page.selectOption('#pair-filter', 'BA');
  assert.match(await title(), /Head 2 of tiny-bert \(B→A: queries in sentence B, keys in sentence A; weights not renormalised\)/);
  const panel = await frame(() => {
    const {rows, cols, queries, keys, rowLabels, colLabels, title} = AS.app.frame.panels[0];
    return {rows, cols, queries, keys, rowLabels, colLabels, title};
  });
  assert.equal(panel.rows, sentenceB.length);
  assert.equal(panel.cols, sentenceA.length);
  assert.deepEqual(panel.queries, sentenceB);
  assert.deepEqual(panel.keys, sentenceA);
  assert.deepEqual(panel.rowLabels, sentenceB.map((i) => pair.tokens[i]));
  assert.deepEqual(panel.colLabels, sentenceA.map((i) => pair.tokens[i]));
  assert.equal(panel.title, 'tiny-bert · Layer 1 · Head 2 · B→A');

  const cells = [[9, 0], [9, 8], [13, 2], [15, 8], [12, 5], [10, 1]].filter(([q, k]) => goldenText(pair, 1, 2, q, k));
  assert.ok(cells.length >= 4, JSON.stringify(cells));
  for (const [q, k] of cells) expectTooltip(await hoverCell(q, k), pair.tokens, q, k, goldenText(pair, 1, 2, q, k));

  // The pixels are the block's: each cell in the colour of its own golden weight (scaled to the
  // block's largest), and nothing drawn past the last row and column.
  let max = 0;
  for (const q of sentenceB) for (const k of sentenceA) max = Math.max(max, pair.attention(1, 2, q, k));
  for (const [q, k] of cells) {
    const {drawn, expected} = await cellColor(q, k, pair.attention(1, 2, q, k), max);
    assert.ok(drawn.every((c, i) => Math.abs(c - expected[i]) <= 8), `(${q}, ${k}): ${drawn} vs ${expected}`);
  }
  const edges = await matrixEdges();
  assert.notDeepEqual(edges.inside, [255, 255, 255]);
  assert.deepEqual([edges.right, edges.below], [[255, 255, 255], [255, 255, 255]]);
  await page.mouse.move(1, 1);
  await shot('filters-heatmap-B-to-A');
});

test('hiding special tokens drops exactly the [CLS]/[SEP] rows and columns, and says so', async () => {
  await showView('heatmap');
  await page.selectOption('#pair-filter', 'all');
  await page.check('#hide-special');
  const words = indices((i) => !isSpecial(i));
  assert.equal(words.length, n - 3);
  const panel = await frame(() => {
    const {rows, cols, queries, keys, rowLabels, caption} = AS.app.frame.panels[0];
    return {rows, cols, queries, keys, rowLabels, caption};
  });
  assert.deepEqual([panel.rows, panel.cols], [n - 3, n - 3]);
  assert.deepEqual(panel.queries, words);
  assert.deepEqual(panel.keys, words);
  assert.deepEqual(panel.rowLabels, words.map((i) => pair.tokens[i]));
  assert.equal(panel.caption, HIDDEN_CAPTION);
  assert.match(await title(), /\(special tokens hidden \(\[CLS\] \[SEP\]\); weights not renormalised\)$/);

  // Tooltips keep the true indices and the weights of the whole sequence: a row's shown weights
  // sum to less than 1, the rest went to the hidden tokens.
  const cells = [[1, 1], [1, 2], [9, 7], [14, 9], [7, 14], [3, 10]].filter(([q, k]) => goldenText(pair, 1, 2, q, k));
  assert.ok(cells.length >= 4, JSON.stringify(cells));
  for (const [q, k] of cells) expectTooltip(await hoverCell(q, k), pair.tokens, q, k, goldenText(pair, 1, 2, q, k));
  const shownSum = words.reduce((sum, k) => sum + pair.attention(1, 2, 1, k), 0);
  assert.ok(shownSum < 0.99, `row 1 keeps ${shownSum} of its weight`);

  // The exported SVG (the same drawing as vectors) carries the caption too.
  const svg = await page.evaluate(() => {
    const view = AS.views.heatmap;
    const f = view.frame(AS.app);
    const painter = new AS.SvgPainter(f.width, f.height);
    view.draw(painter, AS.app, f);
    return painter.toString();
  });
  assert.ok(svg.includes(`>${HIDDEN_CAPTION}<`) && !svg.includes('>[SEP]<') && !svg.includes('>[CLS]<'));
  await page.mouse.move(1, 1);
  await shot('filters-heatmap-special-hidden');

  // With A→B as well: the words of A against the words of B.
  await page.selectOption('#pair-filter', 'AB');
  const both = await frame(() => [AS.app.frame.panels[0].queries, AS.app.frame.panels[0].keys]);
  assert.deepEqual(both, [sentenceA.filter((i) => !isSpecial(i)), sentenceB.filter((i) => !isSpecial(i))]);

  // The head view leaves them out too: no label, no line.
  await showView('head');
  await page.selectOption('#pair-filter', 'all');
  assert.ok(await page.isChecked('#hide-special'));
  const head = await frame(() => ({queries: AS.app.frame.queries, keys: AS.app.frame.keys, lines: AS.app.frame.drawn}));
  assert.deepEqual([head.queries, head.keys], [words, words]);
  assert.ok(head.lines.length > 0 && head.lines.every((l) => !isSpecial(l.query) && !isSpecial(l.key)));
  assert.match(await title(), /special tokens hidden \(\[CLS\] \[SEP\]\); weights not renormalised; hover a token/);
  await shot('filters-head-view-special-hidden');
  await page.uncheck('#hide-special');
  assert.deepEqual(await frame(() => AS.app.frame.queries.length), n);
  assert.doesNotMatch(await title(), /hidden/);
});

test('GPT-2 with BOS: hiding special tokens drops <|endoftext|>; no pair filter for one text', async () => {
  // The page's form sends no BOS; the API takes it, so the result comes from there.
  await page.evaluate(async (text) => {
    AS.app.resultStatus = 'tiny-gpt2 with BOS';
    await AS.app.setResult(await AS.fetchResult({model: 'tiny-gpt2', text, bos: true}));
  }, gpt2.text);
  await showView('heatmap');
  await page.selectOption('#layer', '1');
  await page.selectOption('#head', '0');
  const tokens = await frame(() => AS.app.result.tokens.map((t) => [t.label, t.special]));
  assert.deepEqual(tokens[0], ['<|endoftext|>', true]);
  assert.equal(tokens.length, gpt2.tokens.length + 1);
  assert.equal(await page.locator('#pair-filter').count(), 0);

  await page.check('#hide-special');
  const m = tokens.length;
  const panel = await frame(() => [AS.app.frame.panels[0].queries, AS.app.frame.panels[0].caption]);
  assert.deepEqual(panel, [Array.from({length: m - 1}, (_, i) => i + 1), HIDDEN_CAPTION]);
  assert.match(await title(), /special tokens hidden \(<\|endoftext\|>\); weights not renormalised/);
  // The page's own weights (no golden has GPT-2 with BOS): "The" attends to itself with what
  // BOS leaves it, not 1 as a renormalised row would read.
  const weights = await frame(() => [1, 5, 10].map((q) => [q, AS.app.result.at(1, 0, q, 1), AS.app.result.at(1, 0, q, 0)]));
  for (const [q, weight, toBos] of weights) {
    assert.ok(toBos > 0.001, `#${q} gives BOS ${toBos}`);
    expectTooltip(await hoverCell(q, 1), tokens.map(([label]) => label), q, 1, weight.toFixed(3));
  }
  assert.notEqual(weights[0][1].toFixed(3), '1.000');
  await page.mouse.move(1, 1);
  await shot('filters-gpt2-bos-hidden');

  await showView('head');
  const lines = await frame(() => AS.app.frame.drawn);
  assert.ok(lines.length > 0 && lines.every((l) => l.query > 0 && l.key > 0));

  // Without BOS nothing is special: the toggle is there but disabled, and nothing is hidden.
  await page.fill('#text-pair', '');
  await submit(gpt2.text, 'tiny-gpt2');
  await settled();
  assert.equal(await page.isDisabled('#hide-special'), true);
  assert.equal(await frame(() => AS.app.frame.queries.length), gpt2.tokens.length);
  assert.doesNotMatch(await title(), /hidden/);
});
