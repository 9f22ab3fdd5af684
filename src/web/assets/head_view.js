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

// The weights of the lines to draw: visible ones, shown heads, the hovered token's if any; the
// smallest weight drawn and how many lines were left out.
function lineThreshold(app) {
  const {result, state} = app;
  const n = result.n;
  const focus = state.headFocus;
  const layer = result.get('layer', state.layer);
  const weights = [];
  for (const h of state.shownHeads) {
    if (h >= result.heads) continue;
    const values = layer.subarray(h * n * n, (h + 1) * n * n);
    for (let i = 0; i < values.length; i++) {
      if (values[i] < MIN_VISIBLE_WEIGHT) continue;
      const q = Math.floor(i / n);
      if (focus && (focus.side === 'query' ? q : i - q * n) !== focus.index) continue;
      weights.push(values[i]);
    }
  }
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
    return `Head view — Layer ${app.state.layer} of ${app.result.model} (${lines}hover a token to isolate its lines)`;
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
  },
  frame(app) {
    const result = app.result;
    const rowHeight = result.n > 60 ? 14 : 20;
    const labelWidth = Math.min(160, result.labels.reduce((w, l) => Math.max(w, AS.measureText(l, 12)), 0)) + 10;
    const leftX = labelWidth + 10;
    const rightX = leftX + COLUMN_GAP;
    const top = 16;
    const tokenAt = (x, y) => {
      const index = Math.floor((y - top) / rowHeight);
      if (index < 0 || index >= result.n) return null;
      if (x >= 0 && x <= leftX) return {side: 'query', index};
      if (x >= rightX && x <= rightX + labelWidth + 10) return {side: 'key', index};
      return null;
    };
    return {width: rightX + labelWidth + 20, height: top + result.n * rowHeight + 10, rowHeight, leftX, rightX, top, tokenAt, lines: lineThreshold(app)};
  },
  draw(p, app, frame) {
    const {result, state} = app;
    const {rowHeight, leftX, rightX, top} = frame;
    const n = result.n;
    const focus = state.headFocus;
    const y = (i) => top + (i + 0.5) * rowHeight;
    p.text('query', leftX - 6, 6, {size: 10, align: 'right', color: '#6b6b6b'});
    p.text('key', rightX + 6, 6, {size: 10, color: '#6b6b6b'});
    for (let i = 0; i < n; i++) {
      const faded = focus && focus.side === 'query' && focus.index !== i;
      const fadedKey = focus && focus.side === 'key' && focus.index !== i;
      if (focus && !faded && focus.side === 'query') p.rect(2, y(i) - rowHeight / 2, leftX - 2, rowHeight, '#fdd49e');
      if (focus && !fadedKey && focus.side === 'key') p.rect(rightX, y(i) - rowHeight / 2, frame.width - rightX - 4, rowHeight, '#fdd49e');
      const color = result.labelColors[i] || '#262626';
      p.text(result.labels[i], leftX - 6, y(i), {size: 12, align: 'right', color: faded ? '#aaa' : color});
      p.text(result.labels[i], rightX + 6, y(i), {size: 12, color: fadedKey ? '#aaa' : color});
    }
    const layer = result.get('layer', state.layer);
    for (const h of [...state.shownHeads].sort((a, b) => a - b)) {
      if (h >= result.heads) continue;
      const values = layer.subarray(h * n * n, (h + 1) * n * n);
      const batches = new Map();
      for (let q = 0; q < n; q++) {
        if (focus && focus.side === 'query' && focus.index !== q) continue;
        for (let k = 0; k < n; k++) {
          if (focus && focus.side === 'key' && focus.index !== k) continue;
          const w = values[q * n + k];
          if (w < frame.lines.min) continue;
          const step = Math.max(1, Math.round(w * OPACITY_STEPS));
          if (!batches.has(step)) batches.set(step, []);
          batches.get(step).push(leftX, y(q), rightX, y(k));
        }
      }
      for (const [step, points] of batches) p.lines(points, AS.headColor(h), 2, step / OPACITY_STEPS);
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
