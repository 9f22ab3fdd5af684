// Query–key map (AttentionViz's idea): one head's query and key vectors of the text in one plane,
// their first two principal components, queries and keys in two colours, and lines from the
// chosen query to the keys it attends to most. Before the projection the keys are moved so that
// their mean is the queries' mean and both are scaled to the same mean length (queries by a,
// keys by 1/a): neither changes any attention weight (a query's scores all shift by the same
// amount, and q·k is unchanged), and both keep the two clouds comparable.
'use strict';

const QUERY_COLOR = '#1b9e77';
const KEY_COLOR = '#d95f02';
const STRONGEST_KEYS = 5;

function meanOf(rows, dim) {
  const mean = new Float64Array(dim);
  for (const row of rows) for (let d = 0; d < dim; d++) mean[d] += row[d] / rows.length;
  return mean;
}

const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

// The two leading eigenvectors of the points' covariance, by power iteration with deflation
// (dim ≤ 128, so the covariance is small), and the share of the variance each explains.
function principalAxes(points, dim) {
  const mean = meanOf(points, dim);
  const cov = Array.from({length: dim}, () => new Float64Array(dim));
  for (const p of points) {
    for (let a = 0; a < dim; a++) {
      const da = p[a] - mean[a];
      for (let b = 0; b < dim; b++) cov[a][b] += (da * (p[b] - mean[b])) / points.length;
    }
  }
  let total = 0;
  for (let a = 0; a < dim; a++) total += cov[a][a];
  const axes = [];
  const shares = [];
  for (let k = 0; k < 2; k++) {
    let v = Float64Array.from({length: dim}, (_, d) => 1 + ((d * 7919 + k * 104729) % 13) / 13);
    let eigenvalue = 0;
    for (let iteration = 0; iteration < 300; iteration++) {
      const next = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) next[a] += cov[a][b] * v[b];
      eigenvalue = norm(next);
      if (eigenvalue === 0) break;
      v = next.map((x) => x / eigenvalue);
    }
    axes.push(v);
    shares.push(total > 0 ? eigenvalue / total : 0);
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a][b] -= eigenvalue * v[a] * v[b];
  }
  return {mean, axes, shares};
}

// [{kind, index, u, v}] for every query and key of one head, and the shares of variance.
AS.queryKeyProjection = function (result, layer, head) {
  const {dim, query, key} = AS.headVectors(result, layer, head);
  const queries = Array.from({length: result.n}, (_, i) => Float64Array.from(query(i)));
  const keys = Array.from({length: result.n}, (_, j) => Float64Array.from(key(j)));
  // Keys onto the queries' mean, then both to one mean length, then the keys onto the scaled
  // queries' mean again: each step adds a constant to a query's scores or leaves q·k as it is.
  const moveOnto = (rows, target) => {
    const mean = meanOf(rows, dim);
    const goal = meanOf(target, dim);
    return rows.map((r) => r.map((x, d) => x - mean[d] + goal[d]));
  };
  const shifted = moveOnto(keys, queries);
  const meanLength = (rows) => rows.reduce((s, r) => s + norm(r), 0) / rows.length;
  const a = Math.sqrt(meanLength(shifted) / (meanLength(queries) || 1)) || 1;
  const scaledQueries = queries.map((q) => q.map((x) => x * a));
  const scaledKeys = moveOnto(shifted.map((k) => k.map((x) => x / a)), scaledQueries);
  const {mean, axes, shares} = principalAxes(scaledQueries.concat(scaledKeys), dim);
  const project = (p) => axes.map((axis) => p.reduce((s, x, d) => s + (x - mean[d]) * axis[d], 0));
  const points = [];
  scaledQueries.forEach((p, i) => points.push({kind: 'query', index: i, uv: project(p)}));
  scaledKeys.forEach((p, j) => points.push({kind: 'key', index: j, uv: project(p)}));
  return {points, shares};
};

AS.views.qkmap = {
  selects: ['layer', 'head'],
  needs: (app) => [[app.result, 'queryKey', app.state.layer]],
  title: (app) => `Query–key map — Layer ${app.state.layer} · Head ${app.state.head} of ${app.result.model}, query ${JSON.stringify(app.result.labels[app.state.neuronQuery])} (#${app.state.neuronQuery})`,
  controls(app, container, extra) {
    AS.queryChips(app, extra);
  },
  frame(app) {
    const {result, state} = app;
    const {points, shares} = AS.queryKeyProjection(result, state.layer, state.head);
    const size = Math.max(360, Math.min(app.space - 220, app.visibleHeight - 40, 720));
    const plot = {left: 56, top: 36, size};
    const extent = (axis) => {
      const values = points.map((p) => p.uv[axis]);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const pad = (hi - lo) * 0.06 || 1;
      return [lo - pad, hi + pad];
    };
    const [u0, u1] = extent(0);
    const [v0, v1] = extent(1);
    // One scale for both axes, so distances in the plane are distances between the vectors.
    const span = Math.max(u1 - u0, v1 - v0);
    const uMid = (u0 + u1) / 2;
    const vMid = (v0 + v1) / 2;
    for (const p of points) {
      p.x = plot.left + ((p.uv[0] - uMid) / span + 0.5) * size;
      p.y = plot.top + (0.5 - (p.uv[1] - vMid) / span) * size;
    }
    const row = AS.neuronRow(result, state.layer, state.head, state.neuronQuery);
    const strongest = Array.from({length: result.n}, (_, j) => j)
      .filter((j) => row.weights[j] > 0)
      .sort((a, b) => row.weights[b] - row.weights[a])
      .slice(0, STRONGEST_KEYS);
    return {width: plot.left + size + 260, height: plot.top + size + 50, plot, points, shares, strongest, weights: row.weights, panels: []};
  },
  draw(p, app, frame) {
    const {result, state} = app;
    const {plot, points, shares} = frame;
    const chosen = points.find((pt) => pt.kind === 'query' && pt.index === state.neuronQuery);
    p.strokeRect(plot.left, plot.top, plot.size, plot.size, '#bdbdbd', 1);
    p.text(`PC 1 (${(100 * shares[0]).toFixed(0)}% of the variance)`, plot.left + plot.size / 2, plot.top + plot.size + 18, {size: 12, align: 'center'});
    p.text(`PC 2 (${(100 * shares[1]).toFixed(0)}%)`, plot.left - 18, plot.top + plot.size / 2, {size: 12, align: 'center', rotate: -90});
    p.text(`${result.model} · Layer ${state.layer} · Head ${state.head}`, plot.left + plot.size / 2, 16, {size: 13, align: 'center', weight: 'bold'});
    for (const j of frame.strongest) {
      const target = points.find((pt) => pt.kind === 'key' && pt.index === j);
      p.line(chosen.x, chosen.y, target.x, target.y, '#525252', 1 + 3 * frame.weights[j], 0.35 + 0.65 * frame.weights[j]);
    }
    for (const pt of points) p.dot(pt.x, pt.y, 4, pt.kind === 'query' ? QUERY_COLOR : KEY_COLOR);
    p.dot(chosen.x, chosen.y, 7, QUERY_COLOR, '#000');
    p.text(result.labels[state.neuronQuery], chosen.x + 9, chosen.y, {size: 11, weight: 'bold'});
    for (const j of frame.strongest) {
      const target = points.find((pt) => pt.kind === 'key' && pt.index === j);
      p.text(`${result.labels[j]} ${AS.formatWeight(frame.weights[j])}`, target.x + 7, target.y, {size: 10, color: '#7f3b08'});
    }
    const legendX = plot.left + plot.size + 20;
    p.dot(legendX + 5, plot.top + 10, 4, QUERY_COLOR);
    p.text(`queries (${result.n})`, legendX + 14, plot.top + 10, {size: 11});
    p.dot(legendX + 5, plot.top + 30, 4, KEY_COLOR);
    p.text(`keys (${result.n})`, legendX + 14, plot.top + 30, {size: 11});
    p.text(`lines: the ${frame.strongest.length} keys`, legendX, plot.top + 56, {size: 11});
    p.text('the chosen query attends to most', legendX, plot.top + 72, {size: 11});
    p.text('keys moved to the queries\' mean,', legendX, plot.top + 98, {size: 10, color: '#525252'});
    p.text('lengths balanced: weights unchanged', legendX, plot.top + 112, {size: 10, color: '#525252'});
  },
  nearest(frame, x, y) {
    let best = null;
    let bestDistance = 8;
    for (const pt of frame.points) {
      const distance = Math.hypot(pt.x - x, pt.y - y);
      if (distance < bestDistance) [best, bestDistance] = [pt, distance];
    }
    return best;
  },
  hover(frame, x, y, app) {
    const pt = this.nearest(frame, x, y);
    if (!pt) return null;
    const label = `${pt.kind.padEnd(6)} ${JSON.stringify(app.result.labels[pt.index])} (#${pt.index})`;
    return pt.kind === 'key' ? `${label}\nweight ${AS.formatWeight(frame.weights[pt.index])} from the chosen query` : `${label}\nclick to choose it`;
  },
  click(frame, x, y, app) {
    const pt = this.nearest(frame, x, y);
    if (pt && pt.kind === 'query') app.setNeuronQuery(pt.index);
  },
};
