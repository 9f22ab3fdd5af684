// Head scores: the layer × head grid of one analysis metric; click a cell to open that head.
'use strict';

const SCORE_CELL = 44;

AS.views.scores = {
  selects: [],
  needs: (app) => [[app.result, 'scores']],
  title: (app) => app.state.metric ? `Head scores — ${app.state.metric} of ${app.result.model} (click a head to open it)`
    : 'Head scores — no analysis available for this result',
  controls(app, container) {
    const names = Object.keys(app.result.get('scores'));
    if (!names.includes(app.state.metric)) app.state.metric = names.includes('entropy') ? 'entropy' : names[0] || '';
    if (!names.length) return;
    const select = AS.element('select', {id: 'metric', 'aria-label': 'Metric'});
    for (const name of names) select.append(AS.element('option', {value: name}, name));
    select.value = app.state.metric;
    select.addEventListener('change', () => {
      app.state.metric = select.value;
      app.redraw();
    });
    container.append(AS.element('label', {for: 'metric'}, 'Metric'), select);
  },
  frame(app) {
    const {layers, heads} = app.result;
    const layout = AS.matrixLayout({
      rows: layers, cols: heads, cellW: SCORE_CELL, cellH: SCORE_CELL * 0.6,
      rowLabels: Array.from({length: layers}, (_, l) => `Layer ${l}`),
      colLabels: Array.from({length: heads}, (_, h) => `Head ${h}`),
      title: app.state.metric || '', colorbarLabel: app.state.metric || '',
    });
    const grid = app.state.metric ? app.result.get('scores')[app.state.metric] : [];
    const values = Float32Array.from(grid.flat(), (v) => (v === null ? NaN : v));
    return {width: layout.right, height: layout.bottom, panels: [layout], values};
  },
  draw(p, app, frame) {
    if (!app.state.metric) return;
    const layout = frame.panels[0];
    const finite = [...frame.values].filter(Number.isFinite);
    const vmin = Math.min(...finite);
    const vmax = Math.max(...finite);
    const colormap = AS.colormap('scores');
    AS.drawMatrix(p, layout, frame.values, colormap, vmin, vmax);
    for (let l = 0; l < layout.rows; l++) {
      for (let h = 0; h < layout.cols; h++) {
        const v = frame.values[l * layout.cols + h];
        const [r, g, b] = colormap.rgb(v, vmin, vmax);
        const light = 0.299 * r + 0.587 * g + 0.114 * b > 140;
        const {x, y} = layout.cellCenter(l, h);
        p.text(Number.isFinite(v) ? v.toFixed(2) : '–', x, y, {size: 10, align: 'center', color: light ? '#262626' : '#fff'});
      }
    }
  },
  hover(frame, x, y, app) {
    const cell = app.state.metric && frame.panels[0].cellAt(x, y);
    if (!cell) return null;
    const v = frame.values[cell.row * app.result.heads + cell.col];
    return `Layer ${cell.row} · Head ${cell.col}\n${app.state.metric} ${Number.isFinite(v) ? v.toFixed(3) : 'n/a'}\nclick to open`;
  },
  click(frame, x, y, app) {
    const cell = app.state.metric && frame.panels[0].cellAt(x, y);
    if (cell) app.openHead(cell.row, cell.col);
  },
};
