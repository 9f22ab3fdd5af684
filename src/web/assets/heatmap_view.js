// Heatmap: one head's query × key matrix, hover for the exact weight.
'use strict';

// Every token as query and as key: what Compare shows, and the heatmap with no filter on.
const everyToken = (result) => {
  const all = result.tokens.map((t, i) => i);
  return {queries: all, keys: all, pair: '', caption: ''};
};

// The layout of one head's heatmap at (x, y), fitting `space` pixels; shared with Compare.
// `shown` (AS.shownTokens) picks the rows and columns drawn; the layout keeps the true token
// index of each (queries, keys) for tooltips.
AS.headLayout = function (result, layer, head, x, y, space, shown = everyToken(result)) {
  const {queries, keys} = shown;
  const cell = AS.fitCell(Math.max(queries.length, keys.length, 1), space);
  const pick = (list, indices) => indices.map((i) => list[i]);
  const layout = AS.matrixLayout({
    x, y, rows: queries.length, cols: keys.length, cellW: cell, cellH: cell,
    rowLabels: pick(result.labels, queries), colLabels: pick(result.labels, keys),
    rowColors: pick(result.labelColors, queries), colColors: pick(result.labelColors, keys),
    xTitle: 'Key (attended to)', yTitle: 'Query (attending from)',
    title: [`${result.model} · Layer ${layer} · Head ${head}`, shown.pair].filter(Boolean).join(' · '),
    caption: shown.caption, colorbarLabel: 'Attention Weight',
  });
  layout.queries = queries;
  layout.keys = keys;
  // The cell under a point as true token indices {row: query, col: key}.
  layout.tokenCellAt = (px, py) => {
    const cell = layout.cellAt(px, py);
    return cell && {row: queries[cell.row], col: keys[cell.col]};
  };
  return layout;
};

// The rows `queries` and columns `keys` of an n×n matrix, as they are (no renormalising).
function block(values, n, queries, keys) {
  if (queries.length === n && keys.length === n) return values;
  const picked = new Float32Array(queries.length * keys.length);
  queries.forEach((q, r) => keys.forEach((k, c) => (picked[r * keys.length + c] = values[q * n + k])));
  return picked;
}

// The colours span the drawn cells: with [SEP] hidden, which often takes most of a row, the
// whole head's maximum would leave the rest pale. The colorbar states the range either way.
AS.drawHead = function (p, layout, result, layer, head) {
  const values = block(result.head(layer, head), result.n, layout.queries, layout.keys);
  AS.drawMatrix(p, layout, values, AS.colormap('attention'), 0, values.length ? AS.maxOf(values) : 1);
};

AS.headTooltip = function (result, layer, head, cell) {
  const {row, col} = cell;
  return `query  ${JSON.stringify(result.labels[row])} (#${row})\n` +
    `key    ${JSON.stringify(result.labels[col])} (#${col})\n` +
    `weight ${AS.formatWeight(result.at(layer, head, row, col))}`;
};

AS.views.heatmap = {
  selects: ['layer', 'head'],
  needs: (app) => [[app.result, 'head', app.state.layer, app.state.head]],
  title(app) {
    const note = AS.filterNote(app);
    return `Heatmap — Layer ${app.state.layer} · Head ${app.state.head} of ${app.result.model}${note ? ` (${note})` : ''}`;
  },
  controls: (app, container) => AS.filterControls(app, container),
  frame(app) {
    const shown = AS.shownTokens(app);
    const fit = (space) => AS.headLayout(app.result, app.state.layer, app.state.head, 0, 0, space, shown);
    const space = Math.min(app.space - 160, 760);
    // Short texts fit the window's height too, so every cell can be hovered without scrolling.
    const layout = fit(space);
    const over = layout.bottom - app.visibleHeight;
    const cells = Math.max(shown.queries.length, shown.keys.length);
    const fitted = over > 0 ? fit(Math.max(layout.height - over, 2 * cells)) : layout;
    return {width: fitted.right, height: fitted.bottom, panels: [fitted]};
  },
  draw(p, app, frame) {
    AS.drawHead(p, frame.panels[0], app.result, app.state.layer, app.state.head);
  },
  hover(frame, x, y, app) {
    const cell = frame.panels[0].tokenCellAt(x, y);
    return cell && AS.headTooltip(app.result, app.state.layer, app.state.head, cell);
  },
};
