// Head view (after bertviz): tokens in two columns, a line from each query token (left) to each
// key token (right) as opaque as its weight, one colour per head; hover a token to isolate it.
'use strict';

// Tableau's 20 colours: distinct for the 12 heads of BERT and GPT-2.
const HEAD_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
  '#7f7f7f', '#bcbd22', '#17becf', '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5',
  '#c49c94', '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5'];
AS.headColor = (head) => HEAD_COLORS[head % HEAD_COLORS.length];

// Lines fainter than this are invisible anyway; skipping them keeps 512 tokens interactive.
const MIN_VISIBLE_WEIGHT = 0.01;
// Lines are drawn in batches of equal opacity, the weight rounded to 1/64: at 512 tokens one
// layer has 100,000 visible lines, which take seconds stroked one by one.
const OPACITY_STEPS = 64;
// And only the strongest this many: Chromium rasterizes about 5,000 lines thousands of pixels
// long a second (100,000 took 14 s); these take about half of one, and the faint rest adds haze.
const MAX_LINES = 3000;

// Calls visit(head, query, key, weight) for each line the head view may draw: shown heads, in
// order; the queries and keys the filters keep (AS.shownTokens), only the hovered token's lines
// if one is hovered; weights of at least `min`.
function forEachLine(app, shown, min, visit) {
  const {result, state} = app;
  const n = result.n;
  const focus = state.headFocus;
  const only = (side, indices) => (focus && focus.side === side ? indices.filter((i) => i === focus.index) : indices);
  const queries = only('query', shown.queries);
  const keys = only('key', shown.keys);
  const layer = result.get('layer', state.layer);
  for (const h of [...state.shownHeads].sort((a, b) => a - b)) {
    if (h >= result.heads) continue;
    const values = layer.subarray(h * n * n, (h + 1) * n * n);
    for (const q of queries) {
      for (const k of keys) {
        if (values[q * n + k] >= min) visit(h, q, k, values[q * n + k]);
      }
    }
  }
}

// The smallest weight drawn, how many visible lines were left out and how many there are.
function lineThreshold(app, shown) {
  const weights = [];
  forEachLine(app, shown, MIN_VISIBLE_WEIGHT, (h, q, k, w) => weights.push(w));
  if (weights.length <= MAX_LINES) return {min: MIN_VISIBLE_WEIGHT, hidden: 0, total: weights.length};
  const sorted = Float32Array.from(weights).sort();
  const min = sorted[sorted.length - MAX_LINES];
  return {min, hidden: sorted.findIndex((w) => w >= min), total: weights.length};
}
const COLUMN_GAP = 260;

AS.views.head = {
  selects: ['layer'],
  needs: (app) => [[app.result, 'layer', app.state.layer]],
  title(app) {
    const {hidden, total} = app.frame.lines;
    const lines = hidden ? `the strongest ${total - hidden} of ${total} lines; ` : '';
    const note = app.frame.caption ? `${app.frame.caption}; ` : '';
    return `Head view — Layer ${app.state.layer} of ${app.result.model} (${note}${lines}hover a token to isolate its lines)`;
  },
  controls(app, container) {
    for (let h = 0; h < app.result.heads; h++) {
      const label = AS.element('label', {class: 'head-toggle', style: `--swatch: ${AS.headColor(h)}`});
      const box = AS.element('input', {type: 'checkbox', 'data-head': h});
      box.checked = app.state.shownHeads.has(h);
      box.addEventListener('change', () => {
        if (box.checked) app.state.shownHeads.add(h);
        else app.state.shownHeads.delete(h);
        app.redraw();
      });
      label.append(box, AS.element('span', {}, `${h}`));
      container.append(label);
    }
    AS.filterControls(app, container);
  },
  // Queries down the left, keys down the right, each column only the tokens the filters keep; a
  // caption above them when filters are on, so an exported picture says so too. Records the true
  // token index of each row (queries, keys) and, once drawn, every line (drawn).
  frame(app) {
    const result = app.result;
    const shown = AS.shownTokens(app);
    const rows = Math.max(shown.queries.length, shown.keys.length);
    const rowHeight = rows > 60 ? 14 : 20;
    const labelWidth = Math.min(160, result.labels.reduce((w, l) => Math.max(w, AS.measureText(l, 12)), 0)) + 10;
    const leftX = labelWidth + 10;
    const rightX = leftX + COLUMN_GAP;
    const caption = AS.filterNote(app);
    const top = caption ? 34 : 16;
    const tokenAt = (x, y) => {
      const row = Math.floor((y - top) / rowHeight);
      if (x >= 0 && x <= leftX && row >= 0 && row < shown.queries.length) return {side: 'query', index: shown.queries[row]};
      if (x >= rightX && x <= rightX + labelWidth + 10 && row >= 0 && row < shown.keys.length) return {side: 'key', index: shown.keys[row]};
      return null;
    };
    const width = Math.max(rightX + labelWidth + 20, caption ? AS.measureText(caption, 11) + 12 : 0);
    return {
      width, height: top + rows * rowHeight + 10, rowHeight, labelWidth, leftX, rightX, top, tokenAt, caption,
      queries: shown.queries, keys: shown.keys, lines: lineThreshold(app, shown), drawn: [],
    };
  },
  draw(p, app, frame) {
    const {result, state} = app;
    const {rowHeight, leftX, rightX, top, queries, keys} = frame;
    const focus = state.headFocus;
    const rowY = (row) => top + (row + 0.5) * rowHeight;
    if (frame.caption) p.text(frame.caption, 4, 8, {size: 11, color: '#6b6b6b'});
    p.text('query', leftX - 6, top - 10, {size: 10, align: 'right', color: '#6b6b6b'});
    p.text('key', rightX + 6, top - 10, {size: 10, color: '#6b6b6b'});
    const faded = (side, i) => focus && focus.side === side && focus.index !== i;
    const lit = (side, i) => focus && focus.side === side && focus.index === i;
    queries.forEach((q, row) => {
      if (lit('query', q)) p.rect(2, rowY(row) - rowHeight / 2, leftX - 2, rowHeight, '#fdd49e');
      p.text(result.labels[q], leftX - 6, rowY(row), {size: 12, align: 'right', color: faded('query', q) ? '#aaa' : result.labelColors[q] || '#262626'});
    });
    keys.forEach((k, row) => {
      if (lit('key', k)) p.rect(rightX, rowY(row) - rowHeight / 2, frame.labelWidth + 16, rowHeight, '#fdd49e');
      p.text(result.labels[k], rightX + 6, rowY(row), {size: 12, color: faded('key', k) ? '#aaa' : result.labelColors[k] || '#262626'});
    });
    const queryRow = new Map(queries.map((q, row) => [q, row]));
    const keyRow = new Map(keys.map((k, row) => [k, row]));
    // Per head (in drawing order), lines batched by opacity step.
    const batches = new Map();
    frame.drawn = [];
    forEachLine(app, frame, frame.lines.min, (h, q, k, w) => {
      const step = Math.max(1, Math.round(w * OPACITY_STEPS));
      if (!batches.has(h)) batches.set(h, new Map());
      const steps = batches.get(h);
      if (!steps.has(step)) steps.set(step, []);
      steps.get(step).push(leftX, rowY(queryRow.get(q)), rightX, rowY(keyRow.get(k)));
      frame.drawn.push({head: h, query: q, key: k, weight: w});
    });
    for (const [h, steps] of batches) {
      for (const [step, points] of steps) p.lines(points, AS.headColor(h), 2, step / OPACITY_STEPS);
    }
  },
  hover(frame, x, y, app) {
    const token = frame.tokenAt(x, y);
    const previous = app.state.headFocus;
    if (JSON.stringify(token) !== JSON.stringify(previous)) {
      app.state.headFocus = token;
      app.redraw();
    }
    return token && `${token.side} ${JSON.stringify(app.result.labels[token.index])} (#${token.index})`;
  },
};
