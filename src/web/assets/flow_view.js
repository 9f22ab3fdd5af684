// Token flow (the notebook's attention-flow figure): for one clicked token, the attention it
// gives every token in each layer, averaged over heads; layers across, tokens down.
'use strict';

// [token][layer] mean over heads of A[layer, head, from, token], from the rows of `from` in
// every head ([layer][head][token]).
function flowMatrix(result, from) {
  const {layers, heads, n} = result;
  const rows = result.get('token', from);
  const values = new Float32Array(n * layers);
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      const row = rows.subarray((l * heads + h) * n, (l * heads + h + 1) * n);
      for (let t = 0; t < n; t++) values[t * layers + l] += row[t] / heads;
    }
  }
  return values;
}

AS.views.flow = {
  selects: [],
  needs: (app) => [[app.result, 'token', app.state.flowToken]],
  title: (app) => `Token flow — attention from ${JSON.stringify(app.result.labels[app.state.flowToken])} (#${app.state.flowToken}) in each layer, mean over heads`,
  controls(app, container, extra) {
    AS.tokenChips(app.result, extra, {lead: 'Token: ', name: 'token', selected: app.state.flowToken, onClick: (i) => app.setFlowToken(i)});
  },
  frame(app) {
    const {n, layers} = app.result;
    const cellH = AS.fitCell(n, 640, 3, 22);
    const cellW = AS.fitCell(layers, Math.min(app.space - 300, 640), 16, 60);
    const layout = AS.matrixLayout({
      rows: n, cols: layers, cellW, cellH, rowLabels: app.result.labels, rowColors: app.result.labelColors,
      colLabels: Array.from({length: layers}, (_, l) => `${l}`),
      xTitle: 'Layer', yTitle: 'Token',
      title: `Attention Flow for Token: "${app.result.labels[app.state.flowToken]}"`, colorbarLabel: 'Attention Weight',
    });
    return {width: layout.right, height: layout.bottom, panels: [layout], values: flowMatrix(app.result, app.state.flowToken)};
  },
  draw(p, app, frame) {
    AS.drawMatrix(p, frame.panels[0], frame.values, AS.colormap('attention'), 0, AS.maxOf(frame.values));
  },
  hover(frame, x, y, app) {
    const cell = frame.panels[0].cellAt(x, y);
    if (!cell) return null;
    return `layer  ${cell.col}\nto     ${JSON.stringify(app.result.labels[cell.row])} (#${cell.row})\n` +
      `weight ${AS.formatWeight(frame.values[cell.row * app.result.layers + cell.col])} (mean over heads)`;
  },
};
