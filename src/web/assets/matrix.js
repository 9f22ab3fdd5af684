// A labelled heatmap with a colorbar, used by every view that shows a matrix: where each part
// goes (layout), drawing it with a painter, and which cell a mouse position is over.
'use strict';

const LABEL_SIZE = 11;
const MAX_LABEL_CHARS = 16;
const shorten = (label) => (label.length > MAX_LABEL_CHARS ? label.slice(0, MAX_LABEL_CHARS - 1) + '…' : label);
// Show every step-th label so that labels never overlap (about one per 12 px).
const labelStep = (cellSize) => Math.max(1, Math.ceil(12 / cellSize));
const widest = (labels) => labels.reduce((w, l) => Math.max(w, AS.measureText(shorten(l), LABEL_SIZE)), 0);

const CAPTION_SIZE = 10;

// options: rows, cols, cellW, cellH, rowLabels, colLabels, rowColors, colColors (a label's
// colour, or undefined for the default), xTitle, yTitle, title, caption (a muted line under the
// title), colorbarLabel, x, y (top-left corner of the whole figure).
AS.matrixLayout = function (options) {
  const o = Object.assign({x: 0, y: 0, title: '', caption: '', xTitle: '', yTitle: '', colorbarLabel: ''}, options);
  const rowLabelWidth = o.rowLabels ? widest(o.rowLabels) : 0;
  const colLabelHeight = o.colLabels ? widest(o.colLabels) * Math.SQRT1_2 + 8 : 0;
  const layout = Object.assign({}, o);
  layout.left = o.x + (o.yTitle ? 20 : 0) + rowLabelWidth + 8;
  layout.top = o.y + (o.title ? 28 : 6) + (o.caption ? 16 : 0);
  layout.width = o.cols * o.cellW;
  layout.height = o.rows * o.cellH;
  layout.bottom = layout.top + layout.height + colLabelHeight + (o.xTitle ? 22 : 4);
  layout.colorbarX = layout.left + layout.width + 16;
  layout.right = o.colorbarLabel ? layout.colorbarX + 14 + 44 + 18 : layout.left + layout.width + 8;
  // A caption wider than a small matrix stays inside the figure rather than past its left edge.
  const captionHalf = o.caption ? AS.measureText(o.caption, CAPTION_SIZE) / 2 + 4 : 0;
  layout.captionX = Math.max(layout.left + layout.width / 2, o.x + captionHalf);
  layout.right = Math.max(layout.right, layout.captionX + captionHalf);
  layout.cellAt = (px, py) => {
    const col = Math.floor((px - layout.left) / o.cellW);
    const row = Math.floor((py - layout.top) / o.cellH);
    return row >= 0 && row < o.rows && col >= 0 && col < o.cols ? {row, col} : null;
  };
  layout.cellCenter = (row, col) => ({
    x: layout.left + (col + 0.5) * o.cellW,
    y: layout.top + (row + 0.5) * o.cellH,
  });
  return layout;
};

// A cell size that fits `count` cells into `space` pixels, within [min, max].
AS.fitCell = (count, space, min = 2, max = 44) => Math.max(min, Math.min(max, Math.floor(space / count)));

function drawColorbar(p, layout, colormap, vmin, vmax) {
  const x = layout.colorbarX;
  const height = Math.max(layout.height, 60);
  const steps = 64;
  const ramp = new Float32Array(steps);
  for (let i = 0; i < steps; i++) ramp[i] = vmax - ((i + 0.5) / steps) * (vmax - vmin);
  p.matrix(ramp, steps, 1, x, layout.top, 14, height, (v) => colormap.rgb(v, vmin, vmax));
  p.strokeRect(x, layout.top, 14, height, '#999', 0.5);
  for (const fraction of [0, 0.5, 1]) {
    const value = vmin + fraction * (vmax - vmin);
    const y = layout.top + height - fraction * height;
    p.line(x + 14, y, x + 18, y, '#262626', 1);
    p.text(value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 4 : 2), x + 20, y, {size: 10});
  }
  p.text(layout.colorbarLabel, x + 14 + 50, layout.top + height / 2, {size: 11, align: 'center', rotate: -90});
}

// Draws `values` (rows × cols, row-major) coloured between vmin and vmax.
AS.drawMatrix = function (p, layout, values, colormap, vmin, vmax) {
  const {left, top, width, height, rows, cols, cellW, cellH} = layout;
  if (layout.title) p.text(layout.title, left + width / 2, layout.y + 12, {size: 13, align: 'center', weight: 'bold'});
  if (layout.caption) p.text(layout.caption, layout.captionX, layout.y + 28, {size: CAPTION_SIZE, align: 'center', color: '#6b6b6b'});
  // An empty selection has no image to draw (a canvas of no pixels cannot be drawn).
  if (rows && cols) p.matrix(values, rows, cols, left, top, width, height, (v) => colormap.rgb(v, vmin, vmax));
  if (layout.rowLabels) {
    const step = labelStep(cellH);
    for (let r = 0; r < rows; r += step) {
      const color = layout.rowColors && layout.rowColors[r];
      p.text(shorten(layout.rowLabels[r]), left - 6, top + (r + 0.5) * cellH, {size: LABEL_SIZE, align: 'right', color});
    }
  }
  if (layout.colLabels) {
    const step = labelStep(cellW);
    for (let c = 0; c < cols; c += step) {
      const color = layout.colColors && layout.colColors[c];
      p.text(shorten(layout.colLabels[c]), left + (c + 0.5) * cellW + 3, top + height + 6, {size: LABEL_SIZE, align: 'right', rotate: -45, color});
    }
  }
  if (layout.xTitle) p.text(layout.xTitle, left + width / 2, layout.bottom - 9, {size: 12, align: 'center'});
  if (layout.yTitle) p.text(layout.yTitle, layout.x + 9, top + height / 2, {size: 12, align: 'center', rotate: -90});
  if (layout.colorbarLabel) drawColorbar(p, layout, colormap, vmin, vmax);
};

AS.maxOf = function (values) {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
};

// Which tokens the head view and the heatmap draw: bertviz's sentence-pair filter (A→B: queries
// of sentence A, keys of sentence B) and special tokens shown or hidden. Only the drawing
// changes: no weight is renormalised, and tooltips name the true token indices.
const PAIR_FILTERS = [['all', 'All'], ['AA', 'A→A'], ['AB', 'A→B'], ['BA', 'B→A'], ['BB', 'B→B']];

// The first token of sentence B, or -1 when the result is not a pair. As in bertviz, every token
// before it is A: [CLS] and the [SEP] that closes A; B holds the final [SEP].
AS.sentenceBStart = (result) => result.tokens.findIndex((t) => t.segment === 1);

const specialLabels = (result) => [...new Set(result.tokens.filter((t) => t.special).map((t) => t.label))];

// The filters in force for the current result (a filter kept in the state from another result
// applies only where it means something).
function activeFilters(app) {
  const pair = AS.sentenceBStart(app.result) >= 0 && app.state.pairFilter && app.state.pairFilter !== 'all' ? app.state.pairFilter : '';
  const hideSpecial = Boolean(app.state.hideSpecial) && specialLabels(app.result).length > 0;
  return {pair, hideSpecial};
}

const pairName = (pair) => PAIR_FILTERS.find(([value]) => value === pair)[1];

// {queries, keys, pair, caption}: the true indices of the tokens drawn as queries and as keys, in
// token order; the pair filter's name (A→B) and the caption a figure carries ('' when none).
AS.shownTokens = function (app) {
  const {result} = app;
  const {pair, hideSpecial} = activeFilters(app);
  const start = AS.sentenceBStart(result);
  const inSentence = (i, sentence) => !sentence || (sentence === 'A' ? i < start : i >= start);
  const pick = (sentence) => result.tokens.flatMap((t, i) => (inSentence(i, sentence) && !(hideSpecial && t.special) ? [i] : []));
  return {
    queries: pick(pair[0]), keys: pick(pair[1]),
    pair: pair ? pairName(pair) : '',
    caption: hideSpecial ? 'special tokens hidden; weights not renormalised' : '',
  };
};

// What a view's title says of the filters in force, '' when none: which sentences, and that the
// weights drawn are still those of the whole sequence.
AS.filterNote = function (app) {
  const {pair, hideSpecial} = activeFilters(app);
  const parts = [];
  if (pair) parts.push(`${pairName(pair)}: queries in sentence ${pair[0]}, keys in sentence ${pair[1]}`);
  if (hideSpecial) parts.push(`special tokens hidden (${specialLabels(app.result).join(' ')})`);
  if (parts.length) parts.push('weights not renormalised');
  return parts.join('; ');
};

function setFilter(app, name, value) {
  app.state[name] = value;
  app.state.headFocus = null; // the hovered token may no longer be drawn
  app.redraw();
}

// The filters' controls: the pair choice for a sentence pair only, the special-token toggle
// always (disabled, and saying why, when the result has none, e.g. GPT-2 without BOS).
AS.filterControls = function (app, container) {
  const group = AS.element('span', {class: 'view-filters'});
  if (AS.sentenceBStart(app.result) >= 0) {
    const select = AS.element('select', {id: 'pair-filter', 'aria-label': 'Sentence pair filter'});
    for (const [value, label] of PAIR_FILTERS) select.append(AS.element('option', {value}, label));
    select.value = app.state.pairFilter || 'all';
    select.addEventListener('change', () => setFilter(app, 'pairFilter', select.value));
    group.append(AS.element('label', {for: 'pair-filter'}, 'Sentences'), select);
  }
  const specials = specialLabels(app.result);
  const box = AS.element('input', {type: 'checkbox', id: 'hide-special'});
  box.checked = Boolean(app.state.hideSpecial) && specials.length > 0;
  box.disabled = !specials.length;
  box.addEventListener('change', () => setFilter(app, 'hideSpecial', box.checked));
  const title = specials.length ? `Leaves ${specials.join(' ')} out of the drawing; the other weights stay as they are` : 'This result has no special tokens';
  const label = AS.element('label', {for: 'hide-special', title});
  label.append(box, document.createTextNode(' Hide special tokens'));
  group.append(label);
  container.append(group);
};
