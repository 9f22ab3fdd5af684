// The explorer's state and wiring: input form, model or result selection, view tabs, layer and
// head selectors, hover tooltips and clicks, redraws.
'use strict';

const $ = (id) => document.getElementById(id);
const serverMode = AS.config.mode === 'server';

const app = (AS.app = {
  result: null,
  compareResult: null,
  results: [], // file mode: the embedded results
  models: [], // server mode: the served model names
  frame: null,
  space: 800, // width and height (px) the current view may take
  visibleHeight: 600,
  busy: false, // loading what the view needs; hover and export wait
  drawTicket: 0, // the latest redraw; an older one whose data arrives late draws nothing
  drawn: Promise.resolve(), // settles when the latest redraw has drawn (or failed)
  controlsStale: true, // the view's own controls are redrawn with the view's data
  state: {view: 'heatmap', layer: 0, head: 0, shownHeads: new Set(), headFocus: null, flowToken: 0, neuronQuery: 0, predictToken: 0, metric: '', compareWith: ''},
  timings: [], // per submit: {submit, received, drawn} (performance.now) and the server's forward_ms, scores_ms
});

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

function fillSelect(select, count) {
  const value = Number(select.value) || 0;
  select.replaceChildren(...Array.from({length: count}, (_, i) => AS.element('option', {value: i}, `${i}`)));
  select.value = String(Math.min(value, count - 1));
}

// Loads what the current view needs ([result, kind, ...args] from view.needs), then draws it;
// at once when everything is loaded already. Resolves once drawn (or superseded).
app.redraw = function () {
  if (!app.result) return Promise.resolve();
  const view = AS.views[app.state.view];
  const ticket = ++app.drawTicket;
  const needs = view.needs ? view.needs(app) : [];
  const missing = needs.filter(([result, ...what]) => !result.has(...what));
  const draw = () => {
    if (ticket !== app.drawTicket) return;
    app.busy = false;
    if (app.controlsStale) renderControls();
    app.space = Math.max(480, $('canvas-holder').clientWidth || window.innerWidth - 40);
    app.visibleHeight = Math.max(320, window.innerHeight - $('canvas-holder').getBoundingClientRect().top - window.scrollY - 20);
    app.frame = view.frame(app);
    $('view-title').textContent = [view.title(app), app.result.level()].filter(Boolean).join(' · ');
    const canvas = $('canvas');
    view.draw(new AS.CanvasPainter(canvas, app.frame.width, app.frame.height), app, app.frame);
  };
  if (!missing.length) return (app.drawn = Promise.resolve(draw()));
  app.busy = true;
  setStatus(`Loading ${app.result.model}…`);
  return (app.drawn = Promise.all(missing.map(([result, ...what]) => result.load(...what))).then(
    () => {
      if (ticket === app.drawTicket) setStatus(app.resultStatus);
      draw();
    },
    (error) => {
      if (ticket !== app.drawTicket) return;
      app.busy = false;
      app.frame = null; // what is on the canvas no longer matches the state: no hover, no clicks
      setStatus(error.message, true);
    }));
};

function renderControls() {
  const view = AS.views[app.state.view];
  app.controlsStale = false;
  for (const name of ['layer', 'head']) $(name).parentElement.classList.toggle('hidden', !view.selects.includes(name));
  $('view-controls').replaceChildren();
  $('view-extra').replaceChildren();
  if (view.controls && app.result) view.controls(app, $('view-controls'), $('view-extra'));
}

app.setView = function (name) {
  app.state.view = name;
  app.state.headFocus = null;
  for (const button of document.querySelectorAll('#views button')) {
    button.setAttribute('aria-pressed', String(button.dataset.view === name));
  }
  app.controlsStale = true;
  if (name === 'compare' && app.state.compareWith && !app.compareResult) return app.setCompare(app.state.compareWith);
  return app.redraw();
};

app.openHead = function (layer, head) {
  app.state.layer = layer;
  app.state.head = head;
  $('layer').value = String(layer);
  $('head').value = String(head);
  app.setView('heatmap');
};

app.setNeuronQuery = function (index) {
  app.state.neuronQuery = index;
  app.controlsStale = true;
  return app.redraw();
};

app.setPredictToken = function (index) {
  app.state.predictToken = index;
  app.controlsStale = true;
  return app.redraw();
};

// BERT: the text run again with token `index` as [MASK]; the masked result keeps the unmasked one
// to show how every head's attention changes.
app.maskToken = async function (index) {
  const ticket = (app.maskTicket = (app.maskTicket || 0) + 1); // a later click wins
  const original = app.result.unmasked || app.result;
  setStatus(`Masking ${JSON.stringify(original.labels[index])} (#${index})…`);
  try {
    const request = {model: original.model, text: original.text, mask: [index]};
    if (original.text_pair) request.text_pair = original.text_pair;
    const masked = await AS.fetchResult(request);
    if (ticket !== app.maskTicket) return;
    masked.unmasked = original;
    app.resultStatus = `${masked.model} · ${masked.size()} · #${index} ${JSON.stringify(original.labels[index])} masked`;
    setStatus(app.resultStatus);
    await app.setResult(masked);
  } catch (error) {
    if (ticket === app.maskTicket) setStatus(error.message, true);
  }
};

// Back from a masked result to the one it masked, at the same token.
app.unmask = async function () {
  const original = app.result.unmasked;
  const token = app.state.predictToken;
  app.resultStatus = `${original.model} · ${original.size()}`;
  setStatus(app.resultStatus);
  await app.setResult(original);
  return app.setPredictToken(token);
};

app.setFlowToken = function (index) {
  app.state.flowToken = index;
  app.controlsStale = true;
  return app.redraw();
};

// The other side of Compare: another served model (run on the same text) or another embedded
// result (file mode).
app.compareChoices = function () {
  const none = [['', '—']];
  if (serverMode) return none.concat(app.models.map((m) => [m, m]));
  return none.concat(app.results.map((r, i) => [String(i), r.label()]).filter(([i]) => app.results[i] !== app.result));
};

app.setCompare = async function (value) {
  app.state.compareWith = value;
  app.compareResult = null;
  if (value && !serverMode) app.compareResult = app.results[Number(value)];
  if (value && serverMode) {
    setStatus(`Running ${value}…`);
    try {
      app.compareResult = await AS.fetchResult(requestFor(value, app.result.text, app.result.text_pair));
      if (app.state.compareWith !== value) return;
      setStatus(`${value} · ${app.compareResult.size()} · forward ${app.compareResult.timing.forward_ms.toFixed(0)} ms`);
    } catch (error) {
      setStatus(`${value}: ${error.message}`, true);
    }
  }
  app.controlsStale = true;
  return app.redraw();
};

function firstWordToken(result) {
  const index = result.tokens.findIndex((t) => !t.special);
  return index < 0 ? 0 : index;
}

// A causal model's first query can only attend to itself: its last word shows the most.
function defaultQuery(result) {
  if (!result.causal) return firstWordToken(result);
  const index = result.tokens.findLastIndex((t) => !t.special);
  return index < 0 ? result.n - 1 : index;
}

app.setResult = function (result) {
  const previous = app.result;
  app.result = result;
  fillSelect($('layer'), result.layers);
  fillSelect($('head'), result.heads);
  app.state.layer = Number($('layer').value);
  app.state.head = Number($('head').value);
  if (!previous || previous.heads !== result.heads) app.state.shownHeads = new Set(Array.from({length: result.heads}, (_, h) => h));
  app.state.flowToken = firstWordToken(result);
  app.state.neuronQuery = defaultQuery(result);
  app.state.predictToken = result.masked ? result.masked[0] : defaultQuery(result);
  app.compareResult = null;
  if (!serverMode && app.results[Number(app.state.compareWith)] === result) app.state.compareWith = '';
  return app.setView(app.state.view);
};

// The text to analyse (at word level when the page asks for it), with the head shown first when
// it is known to exist in that model.
function requestFor(model, text, pair, first) {
  const request = {model, text};
  if (pair) request.text_pair = pair;
  if ($('words').checked) request.words = true;
  if (first) Object.assign(request, first);
  return request;
}

async function submit(event) {
  event.preventDefault();
  const submitAt = performance.now();
  const model = $('source').value;
  setStatus(`Running ${model}…`);
  $('submit').disabled = true;
  try {
    const same = app.result && app.result.model === model;
    const first = same ? {layer: app.state.layer, head: app.state.head} : null;
    const result = await AS.fetchResult(requestFor(model, $('text').value, $('text-pair').value.trim(), first));
    const receivedAt = performance.now();
    app.resultStatus = `${result.model} · ${result.size()} · forward ${result.timing.forward_ms.toFixed(0)} ms`;
    await app.setResult(result);
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const drawnAt = performance.now();
    app.timings.push({submit: submitAt, received: receivedAt, drawn: drawnAt, forward_ms: result.timing.forward_ms});
    app.resultStatus += ` · shown after ${(drawnAt - submitAt).toFixed(0)} ms`;
    setStatus(app.resultStatus);
    document.body.dataset.results = String(app.timings.length);
  } catch (error) {
    setStatus(error.message, true);
  } finally {
    $('submit').disabled = false;
  }
}

// Page coordinates of a point given in the current canvas's drawing coordinates.
app.clientPoint = function ({x, y}) {
  const box = $('canvas').getBoundingClientRect();
  return {x: box.left + x, y: box.top + y};
};

function canvasPoint(event) {
  const box = $('canvas').getBoundingClientRect();
  return [event.clientX - box.left, event.clientY - box.top];
}

function showTooltip(event, text) {
  const tooltip = $('tooltip');
  tooltip.hidden = !text;
  if (!text) return;
  tooltip.textContent = text;
  tooltip.style.left = `${event.clientX + 14}px`;
  tooltip.style.top = `${event.clientY + 14}px`;
}

function wire() {
  for (const button of document.querySelectorAll('#views button')) {
    button.addEventListener('click', () => app.setView(button.dataset.view));
  }
  $('layer').addEventListener('change', () => {
    app.state.layer = Number($('layer').value);
    app.redraw();
  });
  $('head').addEventListener('change', () => {
    app.state.head = Number($('head').value);
    app.redraw();
  });
  const canvas = $('canvas');
  canvas.addEventListener('mousemove', (event) => {
    if (!app.frame || app.busy) return;
    const [x, y] = canvasPoint(event);
    showTooltip(event, AS.views[app.state.view].hover(app.frame, x, y, app));
  });
  canvas.addEventListener('mouseleave', (event) => {
    showTooltip(event, null);
    if (app.frame && !app.busy) AS.views[app.state.view].hover(app.frame, -1, -1, app);
  });
  canvas.addEventListener('click', (event) => {
    const view = AS.views[app.state.view];
    if (app.frame && !app.busy && view.click) view.click(app.frame, ...canvasPoint(event), app);
  });
  // A click while the view still loads exports it once drawn.
  $('export-png').addEventListener('click', () => app.drawn.then(() => app.frame && AS.exportPng(app)));
  $('export-svg').addEventListener('click', () => app.drawn.then(() => app.frame && AS.exportSvg(app)));
  $('export-json').addEventListener('click', () => app.result && AS.exportJson(app).catch((error) => setStatus(error.message, true)));
  window.addEventListener('resize', () => app.redraw());
}

async function startServerMode() {
  $('input-form').addEventListener('submit', submit);
  // Word level is a different result of the same text: the server computes it.
  $('words').addEventListener('change', () => app.result && $('input-form').requestSubmit());
  try {
    const response = await fetch('api/models');
    app.models = await response.json();
    $('source').replaceChildren(...app.models.map((m) => AS.element('option', {value: m}, m)));
    setStatus(`Loaded: ${app.models.join(', ')}. Type a text and press Analyse.`);
  } catch (error) {
    setStatus(`cannot reach the attnscope server: ${error.message}`, true);
  }
}

function startFileMode() {
  for (const id of ['text', 'text-pair', 'submit', 'words-control']) $(id).classList.add('hidden');
  $('source-label').textContent = 'Result';
  app.results = AS.config.results.map(AS.Result.embedded);
  $('source').replaceChildren(...app.results.map((r, i) => AS.element('option', {value: i}, r.label())));
  $('source').addEventListener('change', () => app.setResult(app.results[Number($('source').value)]));
  $('input-form').addEventListener('submit', (event) => event.preventDefault());
  if (app.results.length > 1) app.state.compareWith = '1';
  app.resultStatus = app.results.map((r) => `${r.model}: ${r.size()}`).join(' · ');
  setStatus(app.resultStatus);
  if (app.results.length) app.setResult(app.results[0]);
  document.body.dataset.results = String(app.results.length);
}

// A page written for one purpose (a notebook's head_view or model_view) opens on that view.
if (AS.views[AS.config.view]) app.state.view = AS.config.view;
wire();
for (const button of document.querySelectorAll('#views button')) {
  button.setAttribute('aria-pressed', String(button.dataset.view === app.state.view));
}
if (serverMode) startServerMode();
else startFileMode();
