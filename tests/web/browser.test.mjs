// The explorer in real headless Chromium: `attnscope serve` on the tiny fixture models, text
// typed and submitted, every view drawn, tooltips checked against Hugging Face's golden
// attentions, exports checked, and the `attnscope html` file opened from disk with no network.
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {checkedCells, display, goldenPair, goldenTiny, modelDir} from './golden.mjs';
import {
  artifactsDir, binary, launchBrowser, openServedExplorer, pageSteps, startServer, tooltipAt, watchErrors,
} from './harness.mjs';

const bert = goldenTiny('tiny-bert.0');
const gpt2 = goldenTiny('tiny-gpt2.0');
assert.equal(bert.text, gpt2.text);

let explorer;
let page;
let errors;

before(async () => {
  explorer = await openServedExplorer(['--model', modelDir('tiny-bert'), '--model', modelDir('tiny-gpt2')]);
  ({page, errors} = explorer);
});
after(() => explorer?.close());

// Views fetch what they show when they need it; settled() waits until the current one is drawn.
const {settled, shot, showView, submit} = pageSteps(() => page);
const title = async (target = page) => {
  await settled(target);
  return target.textContent('#view-title');
};

const hover = (target, pointInCanvas) => tooltipAt(target, pointInCanvas);
async function hoverCell(row, col, panel = 0, target = page) {
  await settled(target);
  const point = await target.evaluate(([r, c, p]) => AS.app.frame.panels[p].cellCenter(r, c), [row, col, panel]);
  return hover(target, point);
}

async function expectGoldenTooltips(golden, layer, head, panel = 0, target = page) {
  const cells = checkedCells(golden, layer, head);
  assert.ok(cells.length >= 3);
  for (const [q, k] of cells) {
    const tooltip = await hoverCell(q, k, panel, target);
    const expected = golden.attention(layer, head, q, k).toFixed(3);
    assert.match(tooltip, new RegExp(`weight ${expected.replace('.', '\\.')}\\b`), `L${layer}H${head} (${q}, ${k}): ${tooltip}`);
    assert.ok(tooltip.includes(`query  ${JSON.stringify(display(golden, q))} (#${q})`), tooltip);
    assert.ok(tooltip.includes(`key    ${JSON.stringify(display(golden, k))} (#${k})`), tooltip);
  }
}

test('typed text is analysed and the heatmap tooltip shows the golden weight', async () => {
  const api = [];
  const record = (request) => request.url().includes('/api/') && api.push(`${request.method()} ${new URL(request.url()).pathname}`);
  page.on('request', record);
  await showView('heatmap');
  await submit(bert.text, 'tiny-bert');
  assert.match(await page.textContent('#status'), /tiny-bert · 14 tokens/);
  // The answer carries the first head's matrix: the heatmap needs no second request.
  await expectGoldenTooltips(bert, 0, 0);
  assert.deepEqual(api, ['POST /api/attention']);
  page.off('request', record);
  await showView('heatmap');
  await page.selectOption('#layer', '2');
  await page.selectOption('#head', '3');
  assert.match(await title(), /Layer 2 · Head 3 of tiny-bert/);
  await expectGoldenTooltips(bert, 2, 3);
  await shot('heatmap');
});

test('GPT-2 heatmap matches its golden weights, zeros above the diagonal', async () => {
  await submit(gpt2.text, 'tiny-gpt2');
  await showView('heatmap');
  await page.selectOption('#layer', '1');
  await page.selectOption('#head', '0');
  await expectGoldenTooltips(gpt2, 1, 0);
  assert.match(await hoverCell(2, 9), /weight 0\.000/);
  await submit(bert.text, 'tiny-bert');
});

test('model view: clicking a thumbnail opens that layer and head large', async () => {
  await showView('model');
  assert.match(await title(), /3 layers × 4 heads of tiny-bert/);
  await shot('model-view');
  const center = await page.evaluate(() => AS.app.frame.center(1, 2));
  assert.match(await hover(page, center), /Layer 1 · Head 2/);
  const point = await page.evaluate((p) => AS.app.clientPoint(p), center);
  await page.mouse.click(point.x, point.y);
  assert.match(await title(), /Heatmap — Layer 1 · Head 2 of tiny-bert/);
  assert.equal(await page.inputValue('#layer'), '1');
  assert.equal(await page.inputValue('#head'), '2');
  await expectGoldenTooltips(bert, 1, 2);
});

test('head view: hovering a query token isolates its lines', async () => {
  await showView('head');
  await page.selectOption('#layer', '0');
  await settled();
  const frame = await page.evaluate(() => ({leftX: AS.app.frame.leftX, top: AS.app.frame.top, row: AS.app.frame.rowHeight}));
  const tooltip = await hover(page, {x: frame.leftX - 15, y: frame.top + 2.5 * frame.row});
  assert.match(tooltip, /query "cat" \(#2\)/);
  assert.deepEqual(await page.evaluate(() => AS.app.state.headFocus), {side: 'query', index: 2});
  await shot('head-view');
  await page.uncheck('input[data-head="1"]');
  assert.deepEqual(await page.evaluate(() => [...AS.app.state.shownHeads].sort()), [0, 2, 3]);
  await page.check('input[data-head="1"]');
});

test('token flow: a clicked token shows its head-averaged attention per layer', async () => {
  await showView('flow');
  await page.click('.token-chip[data-token="2"]');
  assert.match(await title(), /attention from "cat" \(#2\)/);
  for (const [token, layer] of [[1, 0], [2, 2], [13, 1]]) {
    let sum = 0;
    for (let h = 0; h < 4; h++) sum += bert.attention(layer, h, 2, token);
    const tooltip = await hoverCell(token, layer);
    assert.ok(tooltip.includes(`weight ${(sum / 4).toFixed(3)}`), `${tooltip} vs ${sum / 4}`);
  }
  await shot('token-flow');
});

test('head scores: the grid shows the notebook entropy and a click opens the head', async () => {
  await showView('scores');
  await settled();
  const metrics = await page.$$eval('#metric option', (options) => options.map((o) => o.value));
  for (const name of ['entropy', 'locality', 'first_token', 'previous_token', 'induction']) assert.ok(metrics.includes(name), name);
  await page.selectOption('#metric', 'entropy');
  const n = bert.tokens.length;
  let entropy = 0;
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < n; k++) {
      const a = bert.attention(2, 1, q, k);
      entropy -= a * Math.log(a + 1e-10);
    }
  }
  assert.ok((await hoverCell(2, 1)).includes(`entropy ${(entropy / n).toFixed(3)}`));
  await shot('head-scores');
  await page.mouse.down();
  await page.mouse.up();
  assert.match(await title(), /Layer 2 · Head 1 of tiny-bert/);
});

test('compare: two models on the same text side by side', async () => {
  await showView('compare');
  await page.selectOption('#compare-source', 'tiny-gpt2');
  await page.waitForFunction(() => AS.app.frame && AS.app.frame.panels.length === 2);
  await page.selectOption('#layer', '0');
  await page.selectOption('#head', '1');
  assert.match(await title(), /tiny-bert and tiny-gpt2, Layer 0 · Head 1/);
  assert.match(await hoverCell(5, 3, 1), /^tiny-gpt2\n/);
  await expectGoldenTooltips(gpt2, 0, 1, 1);
  await expectGoldenTooltips(bert, 0, 1, 0);
  await shot('compare');
});

function pngSize(file) {
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return {width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20)};
}

async function download(buttonId, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${buttonId}`)]);
  const target = path.join(artifactsDir, name);
  await file.saveAs(target);
  return {target, suggested: file.suggestedFilename()};
}

test('export: PNG of the view, SVG of the same drawing, JSON of the data', async () => {
  await showView('heatmap');
  await page.selectOption('#layer', '2');
  await page.selectOption('#head', '3');
  const canvas = await page.evaluate(() => ({width: document.getElementById('canvas').width, height: document.getElementById('canvas').height}));
  const png = await download('export-png', 'export-heatmap.png');
  assert.equal(png.suggested, 'attnscope-tiny-bert-heatmap-L2-H3.png');
  assert.deepEqual(pngSize(png.target), canvas);
  assert.ok(canvas.width > 300 && canvas.height > 300);

  const svg = fs.readFileSync((await download('export-svg', 'export-heatmap.svg')).target, 'utf8');
  assert.match(svg, /^<\?xml[^>]*>\s*<svg /);
  assert.ok(svg.includes('tiny-bert · Layer 2 · Head 3') && svg.includes('Attention Weight') && svg.includes('>cat<'));

  const json = JSON.parse(fs.readFileSync((await download('export-json', 'export.json')).target, 'utf8'));
  assert.equal(json.model, 'tiny-bert');
  assert.deepEqual(json.attention.shape, [3, 4, 14, 14]);
  const values = new Float32Array(new Uint8Array(Buffer.from(json.attention.base64, 'base64')).buffer);
  assert.ok(Math.abs(values[((2 * 4 + 3) * 14 + 5) * 14 + 1] - bert.attention(2, 3, 5, 1)) < 1e-5);
});

test('API errors are shown on the page, and the page keeps working', async () => {
  await page.fill('#text', '   ');
  await page.click('#submit');
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /text is empty/);
  // The browser logs the refused request itself; that one line is expected, nothing else.
  assert.deepEqual(errors.splice(0), ['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  await submit('hello world', 'tiny-gpt2');
  assert.match(await page.textContent('#status'), /tiny-gpt2 · 2 tokens/);

  // Eight texts submitted elsewhere push this page's result out of the server's memory: the next
  // view that needs more of it says so, and a new submit works again.
  await showView('heatmap');
  await page.selectOption('#layer', '0');
  await page.selectOption('#head', '0');
  await settled();
  await page.evaluate(async () => {
    for (let i = 0; i < 8; i++) {
      await fetch('api/attention', {method: 'POST', body: JSON.stringify({model: 'tiny-bert', text: `text ${i}`})});
    }
  });
  await page.selectOption('#layer', '1');
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /no result '[0-9a-f]{16}'.*submit the text again/);
  assert.equal(await page.evaluate(() => AS.app.frame), null);
  assert.deepEqual(errors.splice(0), ['console: Failed to load resource: the server responded with a status of 404 (Not Found)']);
  await submit('hello world', 'tiny-gpt2');
  assert.match(await page.textContent('#status'), /tiny-gpt2 · 2 tokens/);
});

test('a BERT sentence pair: [SEP] between the texts, segment B apart, golden weights', async () => {
  const pair = goldenPair('tiny-bert.pair0');
  await page.fill('#text-pair', pair.text_pair);
  await submit(pair.text, 'tiny-bert');
  assert.match(await page.textContent('#status'), new RegExp(`tiny-bert · ${pair.tokens.length} tokens`));
  const tokens = await page.evaluate(() => AS.app.result.tokens.map((t) => [t.piece, t.segment]));
  assert.deepEqual(tokens.map(([piece]) => piece), pair.tokens);
  assert.deepEqual(tokens.map(([, segment]) => segment), pair.segments);
  const sep = pair.tokens.indexOf('[SEP]');
  assert.ok(sep > 0 && sep < pair.tokens.length - 1, 'a [SEP] between the two texts');
  const colors = await page.evaluate(() => [AS.app.result.labelColors, AS.SEGMENT_B_COLOR]);
  assert.deepEqual(colors[0].map((c) => c === colors[1]), pair.segments.map((s) => s === 1));
  await showView('heatmap');
  await page.selectOption('#layer', '1');
  await page.selectOption('#head', '2');
  await expectGoldenTooltips(pair, 1, 2);
  // The cell from the last token of A to the first of B reads the golden weight too.
  const tooltip = await hoverCell(sep - 1, sep + 1);
  assert.ok(tooltip.includes(`weight ${pair.attention(1, 2, sep - 1, sep + 1).toFixed(3)}`), tooltip);
  assert.ok(tooltip.includes(`key    ${JSON.stringify(pair.tokens[sep + 1])} (#${sep + 1})`), tooltip);
  await shot('pair-heatmap');
  await showView('head');
  await shot('pair-head-view');
  await showView('flow');
  await shot('pair-token-flow');
  await page.fill('#text-pair', '');
});

test('word level: the checkbox shows words, each cell summed over the pieces of its key word', async () => {
  const text = "An unaffordable house, isn't it?";
  await showView('heatmap');
  await submit(text, 'tiny-bert');
  await page.selectOption('#layer', '1');
  await page.selectOption('#head', '2');
  await settled();
  const tokens = await page.evaluate(() => AS.app.result.tokens);
  const matrix = await page.evaluate(() => Array.from(AS.app.result.head(1, 2)));
  const n = tokens.length;
  // The words as BERT splits plain text (at whitespace, each punctuation mark alone), and each
  // word's pieces: the tokens that start inside it.
  const words = [...text.matchAll(/[A-Za-z0-9]+|[^\sA-Za-z0-9]/g)].map((m) => ({text: m[0], start: m.index, end: m.index + m[0].length}));
  const pieces = words.map((w) => tokens.flatMap((t, i) => (!t.special && t.start >= w.start && t.start < w.end ? [i] : [])));
  assert.ok(pieces[1].length > 1, `unaffordable is several pieces: ${JSON.stringify(pieces)}`);
  const expected = (q, k) => {
    let sum = 0;
    for (const r of pieces[q]) for (const c of pieces[k]) sum += matrix[r * n + c];
    return sum / pieces[q].length;
  };

  const results = Number(await page.evaluate(() => document.body.dataset.results));
  await page.check('#words');
  await page.waitForFunction((count) => Number(document.body.dataset.results) > count, results);
  assert.match(await page.textContent('#status'), new RegExp(`tiny-bert · ${words.length} words`));
  assert.match(await title(), /Layer 1 · Head 2 of tiny-bert · word level: to = sum over pieces, from = mean over pieces/);
  const labels = await page.evaluate(() => [AS.app.frame.panels[0].rowLabels, AS.app.frame.panels[0].colLabels]);
  assert.deepEqual(labels, [words.map((w) => w.text), words.map((w) => w.text)]);
  const cells = [[1, 1], [0, 1], [1, 0], [4, 1], [2, 6], [8, 3]].filter(([q, k]) => {
    const scaled = expected(q, k) * 1000;
    return Math.abs(scaled - Math.floor(scaled) - 0.5) > 0.02;
  });
  assert.ok(cells.some(([, k]) => k === 1) && cells.length >= 4, JSON.stringify(cells));
  for (const [q, k] of cells) {
    const tooltip = await hoverCell(q, k);
    assert.match(tooltip, new RegExp(`weight ${expected(q, k).toFixed(3).replace('.', '\\.')}\\b`), `(${q}, ${k}): ${tooltip}`);
    assert.ok(tooltip.includes(`key    ${JSON.stringify(words[k].text)} (#${k})`), tooltip);
  }
  await shot('word-level-heatmap');

  await page.uncheck('#words');
  await page.waitForFunction((count) => Number(document.body.dataset.results) > count + 1, results);
  assert.match(await page.textContent('#status'), new RegExp(`tiny-bert · ${n} tokens`));
  assert.equal(await page.evaluate(() => AS.app.result.words), undefined);
});

test('attnscope html: one self-contained file that renders from disk with the network blocked', async () => {
  const file = path.join(artifactsDir, 'explorer.html');
  execFileSync(binary, ['html', '--model', modelDir('tiny-bert'), '--model', modelDir('tiny-gpt2'), '--text', bert.text, '-o', file]);
  const offline = await launchBrowser();
  const requests = [];
  try {
    await offline.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await offline.context.setOffline(true);
    const filePage = await offline.context.newPage();
    const fileErrors = watchErrors(filePage);
    await filePage.goto(`file://${file}`);
    await filePage.waitForFunction(() => document.body.dataset.results === '2');
    await showView('heatmap', filePage);
    await filePage.selectOption('#layer', '2');
    await filePage.selectOption('#head', '3');
    await expectGoldenTooltips(bert, 2, 3, 0, filePage);
    await shot('html-file-heatmap', filePage);
    await showView('compare', filePage);
    assert.match(await title(filePage), /tiny-bert and tiny-gpt2/);
    await expectGoldenTooltips(gpt2, 2, 3, 1, filePage);
    await shot('html-file-compare', filePage);
    await showView('model', filePage);
    await shot('html-file-model-view', filePage);
    assert.deepEqual(fileErrors, []);
    assert.deepEqual(requests, [], 'the page tried to reach the network');
  } finally {
    await offline.close();
  }
});

test('serve warns when listening beyond this machine, and fails cleanly on a bad model', async () => {
  const open = await startServer(['--model', modelDir('tiny-bert'), '--host', '0.0.0.0']);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // SIGTERM stops it cleanly, whichever of its threads the signal lands on.
  assert.equal(await open.stop(), 0);
  assert.match(open.stderr(), /warning: listening on 0\.0\.0\.0/);
  assert.match(open.stderr(), /explorer stopped/);

  const bad = spawnSync(binary, ['serve', '--model', path.join(artifactsDir, 'no-such-model'), '--port', '0'], {encoding: 'utf8'});
  assert.equal(bad.status, 1);
  const lines = bad.stderr.trim().split('\n').filter((l) => l.startsWith('attnscope: error'));
  assert.equal(lines.length, 1, bad.stderr);

  // A port in use is reported before any model loads (a full-size one takes seconds).
  const taken = net.createServer();
  await new Promise((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const busy = spawnSync(binary, ['serve', '--model', modelDir('tiny-bert'), '--port', String(taken.address().port)], {encoding: 'utf8'});
    assert.equal(busy.status, 1, busy.stderr);
    assert.match(busy.stderr, /attnscope: error: cannot listen on 127\.0\.0\.1:\d+; the port may be in use/);
    assert.doesNotMatch(busy.stderr, /loading/, 'the model was loaded before the port was checked');
  } finally {
    taken.close();
  }
});
