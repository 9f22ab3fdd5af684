// The example notebook as a reader gets it: its HTML export (made by the python_notebook test)
// opened from disk in headless Chromium with every network request blocked. The explorer shown
// inline in the notebook must draw, load nothing and show Hugging Face's golden weights.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';

import {checkedCells, display, goldenTiny} from './golden.mjs';
import {artifactsDir, launchBrowser} from './harness.mjs';

const notebookHtml = process.env.ATTNSCOPE_NOTEBOOK_HTML;
const bert = goldenTiny('tiny-bert.0');  // the notebook's example_text on the fixture BERT

test('the exported notebook shows the inline explorer offline with the golden weights', async () => {
  assert.ok(notebookHtml, 'ATTNSCOPE_NOTEBOOK_HTML names the exported notebook');
  const browser = await launchBrowser();
  const blocked = [];
  const errors = [];
  try {
    await browser.context.route('**/*', (route) => {
      const request = route.request();
      if (request.url().startsWith('file://')) return route.continue();
      blocked.push({url: request.url(), frame: request.frame().url()});
      return route.abort();
    });
    await browser.context.setOffline(true);
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Jupyter's own export template asks a CDN for require.js; only the explorer is judged here.
      if (message.type() === 'error' && message.location().url === 'about:srcdoc') errors.push(message.text());
    });
    await page.goto(`file://${notebookHtml}`);

    // Every figure is drawn (an image the browser decoded, not an empty placeholder).
    const figures = await page.$$eval('.jp-OutputArea-output img', (images) =>
      images.map((image) => [image.src.slice(0, 22), image.naturalWidth, image.naturalHeight]));
    assert.ok(figures.length >= 6, `figures in the export: ${JSON.stringify(figures)}`);
    for (const [source, width, height] of figures) {
      assert.equal(source, 'data:image/png;base64,');
      assert.ok(width > 300 && height > 200, `a figure of ${width}x${height}`);
    }

    const holder = page.locator('iframe[title="attnscope explorer"]');
    assert.equal(await holder.count(), 1, 'one inline explorer in the notebook');
    await holder.scrollIntoViewIfNeeded();
    const frame = await (await holder.elementHandle()).contentFrame();
    await frame.waitForFunction(() => document.body.dataset.results === '2');
    await frame.click('#views button[data-view="heatmap"]');
    await frame.selectOption('#layer', '2');
    await frame.selectOption('#head', '3');
    await frame.waitForFunction(() => !AS.app.busy);
    assert.match(await frame.textContent('#view-title'), /Layer 2 · Head 3 of tiny-bert/);

    // The mouse moves in page coordinates: the cell's point inside the frame plus the frame's place.
    const hoverCell = async (row, col) => {
      const inFrame = await frame.evaluate(([r, c]) => {
        const point = AS.app.frame.panels[0].cellCenter(r, c);
        const canvasHolder = document.getElementById('canvas-holder');
        const box = canvasHolder.getBoundingClientRect();
        const {y} = AS.app.clientPoint(point);
        if (y < box.top + 10 || y > box.bottom - 10) canvasHolder.scrollTop += y - (box.top + box.height / 2);
        return AS.app.clientPoint(point);
      }, [row, col]);
      const frameBox = await holder.boundingBox();
      await page.mouse.move(frameBox.x + inFrame.x, frameBox.y + inFrame.y);
      return frame.textContent('#tooltip');
    };
    const cells = checkedCells(bert, 2, 3);
    assert.ok(cells.length >= 3);
    for (const [q, k] of cells) {
      const tooltip = await hoverCell(q, k);
      const expected = bert.attention(2, 3, q, k).toFixed(3);
      assert.match(tooltip, new RegExp(`weight ${expected.replace('.', '\\.')}\\b`), `(${q}, ${k}): ${tooltip}`);
      assert.ok(tooltip.includes(`query  ${JSON.stringify(display(bert, q))} (#${q})`), tooltip);
    }
    await page.screenshot({path: path.join(artifactsDir, 'notebook-explorer.png'), fullPage: true});

    assert.deepEqual(blocked.filter((request) => request.frame === 'about:srcdoc'), [],
      'the inline explorer tried to reach the network');
    assert.deepEqual(errors, [], 'the inline explorer logged errors');
  } finally {
    await browser.close();
  }
});
