// A labelled heatmap with a colorbar, used by every view that shows a matrix: where each part
// goes (layout), drawing it with a painter, and which cell a mouse position is over.
'use strict';

const LABEL_SIZE = 11;
const MAX_LABEL_CHARS = 16;
const shorten = (label) => (label.length > MAX_LABEL_CHARS ? label.slice(0, MAX_LABEL_CHARS - 1) + '…' : label);
// Show every step-th label so that labels never overlap (about one per 12 px).
const labelStep = (cellSize) => Math.max(1, Math.ceil(12 / cellSize));
const widest = (labels) => labels.reduce((w, l) => Math.max(w, AS.measureText(shorten(l), LABEL_SIZE)), 0);

// options: rows, cols, cellW, cellH, rowLabels, colLabels, rowColors, colColors (a label's
// colour, or undefined for the default), xTitle, yTitle, title, colorbarLabel, x, y (top-left
// corner of the whole figure).
AS.matrixLayout = function (options) {
  const o = Object.assign({x: 0, y: 0, title: '', xTitle: '', yTitle: '', colorbarLabel: ''}, options);
  const rowLabelWidth = o.rowLabels ? widest(o.rowLabels) : 0;
  const colLabelHeight = o.colLabels ? widest(o.colLabels) * Math.SQRT1_2 + 8 : 0;
  const layout = Object.assign({}, o);
  layout.left = o.x + (o.yTitle ? 20 : 0) + rowLabelWidth + 8;
  layout.top = o.y + (o.title ? 28 : 6);
  layout.width = o.cols * o.cellW;
  layout.height = o.rows * o.cellH;
  layout.bottom = layout.top + layout.height + colLabelHeight + (o.xTitle ? 22 : 4);
  layout.colorbarX = layout.left + layout.width + 16;
  layout.right = o.colorbarLabel ? layout.colorbarX + 14 + 44 + 18 : layout.left + layout.width + 8;
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
  p.matrix(values, rows, cols, left, top, width, height, (v) => colormap.rgb(v, vmin, vmax));
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
