// The Predictions view in headless Chromium: GPT-2's ten most likely next tokens at a chosen
// position (led by Hugging Face's golden argmax), and for BERT a token masked from the page: the
// model runs again with [MASK] there, the fill-ins change, and the grid of every head's attention
// change equals the API's. The fixtures' tiny BERT has no masked-LM head, so the test gives a
// copy of it random cls.predictions tensors, as a BertForMaskedLM checkpoint has; on the
// checkpoint without them the view says why it shows no predictions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {fixturesDir, goldenTiny, modelDir} from './golden.mjs';
import {artifactsDir, openServedExplorer, pageSteps} from './harness.mjs';

const gpt2 = goldenTiny('tiny-gpt2.0');
const text = 'The cat sat on the mat and looked at the bird.';

// tiny-bert plus cls.predictions (transform dense + LayerNorm, decoder bias), seeded values.
function bertWithMlmHead(dir) {
  fs.mkdirSync(dir, {recursive: true});
  const source = modelDir('tiny-bert');
  for (const name of fs.readdirSync(source)) {
    if (name !== 'model.safetensors') fs.copyFileSync(path.join(source, name), path.join(dir, name));
  }
  const bytes = fs.readFileSync(path.join(source, 'model.safetensors'));
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const data = [bytes.subarray(8 + headerLength)];
  let offset = data[0].length;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const add = (name, shape, value) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({length: count}, value);
    const buffer = Buffer.from(values.buffer);
    header[name] = {dtype: 'F32', shape, data_offsets: [offset, offset + buffer.length]};
    data.push(buffer);
    offset += buffer.length;
  };
  add('cls.predictions.transform.dense.weight', [64, 64], () => random() * 0.6);
  add('cls.predictions.transform.dense.bias', [64], () => random() * 0.2);
  add('cls.predictions.transform.LayerNorm.gamma', [64], () => 1 + random() * 0.2);
  add('cls.predictions.transform.LayerNorm.beta', [64], () => random() * 0.2);
  add('cls.predictions.bias', [30522], () => random());
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(path.join(dir, 'model.safetensors'), Buffer.concat([length, json, ...data]));
  return dir;
}

let explorer;
let page;

before(async () => {
  const mlm = bertWithMlmHead(path.join(artifactsDir, 'tiny-bert-mlm'));
  explorer = await openServedExplorer(['--model', mlm, '--model', modelDir('tiny-gpt2'), '--model', modelDir('tiny-bert')]);
  ({page} = explorer);
});
after(() => explorer?.close());

// Views fetch what they show when they need it; settled() waits until the current one is drawn.
const {settled, shot, showView, submit} = pageSteps(() => page);

async function choose(token) {
  await page.click(`#view-extra button[data-predict="${token}"]`);
  await settled();
}
// BERT: a click on a token masks it.
async function mask(token) {
  await page.click(`#view-extra button[data-predict="${token}"]`);
  await page.waitForFunction((t) => AS.app.result.masked && AS.app.result.masked[0] === t && !AS.app.busy, token);
}

// An int64 tensor of the golden file (golden.mjs reads the float32 ones).
function goldenArgmax(key) {
  const bytes = fs.readFileSync(path.join(fixturesDir, 'golden', 'golden_tiny.safetensors'));
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const [begin, end] = header[`${key}.next_token_argmax`].data_offsets;
  return new BigInt64Array(new Uint8Array(bytes.subarray(8 + headerLength + begin, 8 + headerLength + end)).buffer);
}

const shown = () => page.evaluate(() => AS.app.frame.candidates.map((c) => ({id: c.id, label: c.label, probability: c.probability})));

test('GPT-2: the ten next tokens at each chosen position, led by the golden argmax', async () => {
  await submit(gpt2.text, 'tiny-gpt2');
  await page.click('#views button[data-view="predict"]');
  await settled();
  const golden = goldenArgmax('tiny-gpt2.0');
  for (const t of [0, 3, gpt2.tokens.length - 1]) {
    await choose(t);
    assert.match(await page.textContent('#view-title'), new RegExp(`\\(#${t}\\)$`));
    const candidates = await shown();
    assert.equal(candidates.length, 10);
    assert.equal(candidates[0].id, Number(golden[t]), `position ${t}`);
    for (let i = 1; i < 10; i++) assert.ok(candidates[i].probability <= candidates[i - 1].probability);
  }
  await shot('predictions-gpt2');
});

test('BERT: masking a token re-runs it as [MASK], changes the predictions and shows each head\'s change', async () => {
  await submit(text, 'tiny-bert-mlm');
  await page.click('#views button[data-view="predict"]');
  await settled();
  // Unmasked first: what the head predicts where it sees the token itself.
  await page.evaluate(() => AS.app.setPredictToken(2));
  await settled();
  const before = await shown();
  assert.equal(before.length, 10);
  assert.match(await page.textContent('#view-title'), /"cat" \(#2\)/);
  assert.ok(await page.isDisabled('#view-extra button[data-predict="0"]'), '[CLS] cannot be masked');
  await mask(2);
  assert.match(await page.textContent('#status'), /#2 "cat" masked/);
  assert.match(await page.textContent('#view-title'), /"\[MASK\]" \(#2\)/);
  const after = await shown();
  assert.equal(after.length, 10);
  assert.notDeepEqual(after.map((c) => c.id), before.map((c) => c.id), 'the fill-ins changed');

  // The page's fill-ins and change grid are the API's for the two results.
  const [maskedId, plainId] = await page.evaluate(() => [AS.app.result.id, AS.app.result.unmasked.id]);
  const api = await page.evaluate(async ([a, b]) => {
    const predictions = await (await fetch(`api/attention/${a}/predictions`)).json();
    const change = await (await fetch(`api/attention/${a}/change/${b}`)).json();
    return {top: predictions.positions[2].map((c) => c.id), change: change.total_variation};
  }, [maskedId, plainId]);
  assert.deepEqual(after.map((c) => c.id), api.top);
  const grid = await page.evaluate(() => AS.app.frame.change);
  assert.deepEqual(grid, api.change);
  assert.equal(grid.length, 3);
  assert.equal(grid[0].length, 4);
  // A cell's tooltip is its value, and a click opens that head.
  const point = await page.evaluate(() => AS.app.clientPoint(AS.app.frame.panels[0].cellCenter(2, 1)));
  await page.mouse.move(point.x, point.y);
  assert.match(await page.textContent('#tooltip'), new RegExp(`layer 2 · head 1\\nmean total variation ${grid[2][1].toFixed(3)}`));
  await shot('predictions-bert-masked');
  await page.mouse.click(point.x, point.y);
  await settled();
  assert.match(await page.textContent('#view-title'), /Heatmap — Layer 2 · Head 1 of tiny-bert-mlm/);

  await page.click('#views button[data-view="predict"]');
  await settled();
  await page.click('#unmask');
  await settled();
  assert.match(await page.textContent('#view-title'), /"cat" \(#2\)/);
  assert.doesNotMatch(await page.textContent('#status'), /masked/);
});

test('a word-level BERT result offers no masking: its chips are words, not tokens', async () => {
  await submit(text, 'tiny-bert-mlm');
  await page.check('#words');
  await page.waitForFunction(() => AS.app.result.words && !AS.app.busy);
  await page.click('#views button[data-view="predict"]');
  await settled();
  assert.match(await page.textContent('#view-extra'), /turn word level off to mask a token/);
  assert.match(await page.evaluate(() => AS.app.frame.predictions.unavailable), /predictions are per token/);
  const requests = [];
  const record = (request) => request.method() === 'POST' && requests.push(request.url());
  page.on('request', record);
  await choose(1);
  page.off('request', record);
  assert.deepEqual(requests, []);
  assert.equal(await page.evaluate(() => AS.app.result.masked), undefined);
  assert.match(await page.textContent('#view-title'), /token "cat" \(#1\)/);
  await page.uncheck('#words');
  await page.waitForFunction(() => !AS.app.result.words && !AS.app.busy);
});

test('a BERT checkpoint without a masked-LM head says so, and masking still shows the change', async () => {
  await submit(text, 'tiny-bert');
  await page.click('#views button[data-view="predict"]');
  await settled();
  const frame = await page.evaluate(() => AS.app.frame.predictions);
  assert.match(frame.unavailable, /no masked-LM head \(cls\.predictions\)/);
  await mask(4);
  const grid = await page.evaluate(() => AS.app.frame.change);
  assert.equal(grid.length, 3);
  assert.ok(grid.flat().some((v) => v > 0), 'masking changes some head');
  // Masking another token starts again from the unmasked text: one [MASK] at a time.
  await mask(6);
  assert.deepEqual(await page.evaluate(() => AS.app.result.tokens.filter((t) => t.piece === '[MASK]').length), 1);
  await shot('predictions-bert-no-head');
});
