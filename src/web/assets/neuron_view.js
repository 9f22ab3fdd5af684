// Neuron view (bertviz's): how one head's query and key vectors make its attention. For the
// chosen query token: its query vector, every key vector, their elementwise product, the dot
// products, the scaled and masked scores and the softmax, each as a strip of coloured cells.
'use strict';

// Query and key vectors of one head, from the layer's [2][heads][n][head_dim] the server sends.
AS.headVectors = function (result, layer, head) {
  const data = result.get('queryKey', layer);
  const {heads, n} = result;
  const dim = data.length / (2 * heads * n);
  const block = n * dim;
  return {
    dim,
    query: (i) => data.subarray(head * block + i * dim, head * block + (i + 1) * dim),
    key: (j) => data.subarray((heads + head) * block + j * dim, (heads + head) * block + (j + 1) * dim),
  };
};

// Everything the view shows for query `q` of one head: q⊙k [n][dim], q·k, q·k/√dim (null where
// the causal mask hides the key) and the softmax over the visible keys.
AS.neuronRow = function (result, layer, head, q) {
  const {dim, query, key} = AS.headVectors(result, layer, head);
  const {n} = result;
  const qv = query(q);
  const keys = new Float32Array(n * dim);
  const products = new Float32Array(n * dim);
  const dots = new Float64Array(n);
  const scores = new Array(n).fill(null);
  const weights = new Float64Array(n);
  const visible = result.causal ? q + 1 : n;
  let peak = -Infinity;
  for (let j = 0; j < n; j++) {
    const kv = key(j);
    keys.set(kv, j * dim);
    let dot = 0;
    for (let d = 0; d < dim; d++) {
      products[j * dim + d] = qv[d] * kv[d];
      dot += qv[d] * kv[d];
    }
    dots[j] = dot;
    if (j < visible) {
      scores[j] = dot / Math.sqrt(dim);
      peak = Math.max(peak, scores[j]);
    }
  }
  let sum = 0;
  for (let j = 0; j < visible; j++) sum += (weights[j] = Math.exp(scores[j] - peak));
  for (let j = 0; j < visible; j++) weights[j] /= sum;
  return {dim, query: qv, keys, products, dots, scores, weights, visible};
};

// Blue below zero, orange above, white at zero, saturating at ±limit (bertviz's colours).
AS.signedColor = function (value, limit) {
  const t = Math.min(1, Math.abs(value) / (limit || 1));
  const [r, g, b] = value < 0 ? [31, 119, 180] : [255, 127, 14];
  return [Math.round(255 + (r - 255) * t), Math.round(255 + (g - 255) * t), Math.round(255 + (b - 255) * t)];
};

const largestMagnitude = (values) => {
  let max = 0;
  for (const v of values) if (v !== null && Math.abs(v) > max) max = Math.abs(v);
  return max;
};

// The query picker, shared with the query–key map.
AS.queryChips = function (app, extra) {
  AS.tokenChips(app.result, extra, {lead: 'Query: ', name: 'query', selected: app.state.neuronQuery, onClick: (i) => app.setNeuronQuery(i)});
};

AS.views.neuron = {
  selects: ['layer', 'head'],
  needs: (app) => [[app.result, 'queryKey', app.state.layer]],
  title: (app) => `Neuron view — Layer ${app.state.layer} · Head ${app.state.head} of ${app.result.model}, query ${JSON.stringify(app.result.labels[app.state.neuronQuery])} (#${app.state.neuronQuery})`,
  controls(app, container, extra) {
    AS.queryChips(app, extra);
  },
  frame(app) {
    const {result, state} = app;
    const row = AS.neuronRow(result, state.layer, state.head, state.neuronQuery);
    const {n} = result;
    const cellH = AS.fitCell(n, 900, 12, 18);
    const cellW = Math.max(2, Math.min(10, Math.floor((app.space - 520) / (2 * row.dim))));
    const labelWidth = Math.max(...result.labels.map((l) => AS.measureText(l.slice(0, 16), 11))) + 12;
    const stripWidth = row.dim * cellW;
    const columns = {};
    let x = labelWidth;
    for (const [name, width] of [['key', stripWidth], ['product', stripWidth], ['dot', 56], ['score', 56], ['weight', 110]]) {
      columns[name] = {x, width};
      x += width + 14;
    }
    const top = 92;
    return {
      width: x + 10, height: top + n * cellH + 30, row, columns, top, cellW, cellH,
      queryY: 44,
      limits: {vector: Math.max(largestMagnitude(row.query), largestMagnitude(row.keys)), product: largestMagnitude(row.products),
        dot: largestMagnitude(row.dots), score: largestMagnitude(row.scores)},
      panels: [],
    };
  },
  draw(p, app, frame) {
    const {result} = app;
    const {row, columns, top, cellW, cellH, limits} = frame;
    const strip = (values, count, x, y, limit) =>
      p.matrix(values, count / row.dim, row.dim, x, y, row.dim * cellW, (count / row.dim) * cellH, (v) => AS.signedColor(v, limit));
    // The query vector above the key strip it multiplies.
    p.text(`query ${JSON.stringify(result.labels[app.state.neuronQuery])} q`, columns.key.x, 20, {size: 12, weight: 'bold'});
    strip(row.query, row.dim, columns.key.x, frame.queryY, limits.vector);
    const headings = {key: 'key k', product: 'q × k', dot: 'q · k', score: 'q·k / √d', weight: 'softmax'};
    for (const [name, heading] of Object.entries(headings)) p.text(heading, columns[name].x, top - 12, {size: 12, weight: 'bold'});
    strip(row.keys, result.n * row.dim, columns.key.x, top, limits.vector);
    strip(row.products, result.n * row.dim, columns.product.x, top, limits.product);
    for (let j = 0; j < result.n; j++) {
      const y = top + j * cellH;
      const label = result.labels[j];
      p.text(label.length > 16 ? label.slice(0, 15) + '…' : label, columns.key.x - 8, y + cellH / 2, {size: 11, align: 'right', color: result.labelColors[j]});
      const [dr, dg, db] = AS.signedColor(row.dots[j], limits.dot);
      p.rect(columns.dot.x, y, columns.dot.width, cellH - 1, `rgb(${dr},${dg},${db})`);
      p.text(row.dots[j].toFixed(2), columns.dot.x + columns.dot.width - 3, y + cellH / 2, {size: 10, align: 'right'});
      if (row.scores[j] === null) {
        p.rect(columns.score.x, y, columns.score.width, cellH - 1, '#d9d9d9');
        p.text('masked', columns.score.x + columns.score.width - 3, y + cellH / 2, {size: 10, align: 'right', color: '#737373'});
      } else {
        const [sr, sg, sb] = AS.signedColor(row.scores[j], limits.score);
        p.rect(columns.score.x, y, columns.score.width, cellH - 1, `rgb(${sr},${sg},${sb})`);
        p.text(row.scores[j].toFixed(2), columns.score.x + columns.score.width - 3, y + cellH / 2, {size: 10, align: 'right'});
      }
      const weight = row.weights[j];
      p.rect(columns.weight.x, y + 2, Math.max(weight * (columns.weight.width - 44), 0), cellH - 5, '#fc8d59');
      p.text(AS.formatWeight(weight), columns.weight.x + columns.weight.width, y + cellH / 2, {size: 10, align: 'right'});
    }
    const note = result.causal ? 'keys after the query are masked (weight 0)' : '';
    p.text(['colours: blue < 0 < orange, each column scaled to its largest magnitude', note].filter(Boolean).join('; '),
      columns.key.x, top + result.n * cellH + 16, {size: 10, color: '#525252'});
  },
  hover(frame, x, y, app) {
    const {row, columns, top, cellW, cellH} = frame;
    const {result} = app;
    const inside = (c) => x >= c.x && x < c.x + c.width;
    if (y >= frame.queryY && y < frame.queryY + cellH && inside(columns.key)) {
      const d = Math.floor((x - columns.key.x) / cellW);
      return `query ${JSON.stringify(result.labels[app.state.neuronQuery])} (#${app.state.neuronQuery})\ndim    ${d}\nq      ${row.query[d].toFixed(4)}`;
    }
    const j = Math.floor((y - top) / cellH);
    if (j < 0 || j >= result.n) return null;
    const keyLine = `key    ${JSON.stringify(result.labels[j])} (#${j})`;
    for (const name of ['key', 'product']) {
      if (!inside(columns[name])) continue;
      const d = Math.floor((x - columns[name].x) / cellW);
      const values = `q ${row.query[d].toFixed(4)} · k ${row.keys[j * row.dim + d].toFixed(4)}`;
      return `${keyLine}\ndim    ${d}\n${name === 'key' ? `k      ${row.keys[j * row.dim + d].toFixed(4)}` : `q×k    ${row.products[j * row.dim + d].toFixed(4)} (${values})`}`;
    }
    if (inside(columns.dot)) return `${keyLine}\nq·k    ${row.dots[j].toFixed(4)}`;
    if (inside(columns.score)) return `${keyLine}\nscore  ${row.scores[j] === null ? 'masked (after the query)' : row.scores[j].toFixed(4)}`;
    if (inside(columns.weight)) return `${keyLine}\nweight ${AS.formatWeight(row.weights[j])}`;
    return null;
  },
};
