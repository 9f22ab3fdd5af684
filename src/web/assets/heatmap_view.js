// Heatmap: one head's query × key matrix, hover for the exact weight.
'use strict';

// The layout of one head's heatmap at (x, y), fitting `space` pixels; shared with Compare.
AS.headLayout = function (result, layer, head, x, y, space) {
  const cell = AS.fitCell(result.n, space);
  return AS.matrixLayout({
    x, y, rows: result.n, cols: result.n, cellW: cell, cellH: cell,
    rowLabels: result.labels, colLabels: result.labels, rowColors: result.labelColors, colColors: result.labelColors,
    xTitle: 'Key (attended to)', yTitle: 'Query (attending from)',
    title: `${result.model} · Layer ${layer} · Head ${head}`, colorbarLabel: 'Attention Weight',
  });
};

AS.drawHead = function (p, layout, result, layer, head) {
  const values = result.head(layer, head);
  AS.drawMatrix(p, layout, values, AS.colormap('attention'), 0, AS.maxOf(values));
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
  title: (app) => `Heatmap — Layer ${app.state.layer} · Head ${app.state.head} of ${app.result.model}`,
  frame(app) {
    const fit = (space) => AS.headLayout(app.result, app.state.layer, app.state.head, 0, 0, space);
    const space = Math.min(app.space - 160, 760);
    // Short texts fit the window's height too, so every cell can be hovered without scrolling.
    const layout = fit(space);
    const over = layout.bottom - app.visibleHeight;
    const fitted = over > 0 ? fit(Math.max(layout.height - over, 2 * app.result.n)) : layout;
    return {width: fitted.right, height: fitted.bottom, panels: [fitted]};
  },
  draw(p, app, frame) {
    AS.drawHead(p, frame.panels[0], app.result, app.state.layer, app.state.head);
  },
  hover(frame, x, y, app) {
    const cell = frame.panels[0].cellAt(x, y);
    return cell && AS.headTooltip(app.result, app.state.layer, app.state.head, cell);
  },
};
