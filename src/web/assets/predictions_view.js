// Predictions (exBERT's and LIT's): what the model predicts at a chosen token, GPT-2's ten most
// likely next tokens, BERT's ten most likely fill-ins of a [MASK]. For BERT, clicking a token
// runs the text again with it as [MASK] and shows how much every head's attention changes.
'use strict';

const PREDICTION_ROW = 22;
const BAR_WIDTH = 220;

// `text` broken into lines no wider than `width` pixels at `size`.
function wrapped(text, width, size) {
  const lines = [''];
  for (const word of text.split(' ')) {
    const line = lines[lines.length - 1];
    const longer = line ? `${line} ${word}` : word;
    if (line && AS.measureText(longer, size) > width) lines.push(word);
    else lines[lines.length - 1] = longer;
  }
  return lines;
}

// Why the page does not ask the server for predictions, or '' when it does.
function noPredictions(result) {
  if (result.words) return 'predictions are per token: turn word level off to see them';
  if (result.predicts_tokens === false) return `${result.model} has no masked-LM head (cls.predictions), so it predicts no tokens; serve a BertForMaskedLM checkpoint such as bert-base-uncased`;
  return '';
}

function predictionHeading(result, t, predictions) {
  const label = JSON.stringify(result.labels[t]);
  if (predictions.next_token) return `After ${label} (#${t}), ${result.model} predicts next`;
  if (result.masked && result.masked.includes(t)) {
    return `At [MASK] (#${t}, was ${JSON.stringify(result.unmasked ? result.unmasked.labels[t] : '?')}), ${result.model} predicts`;
  }
  return `At ${label} (#${t}), unmasked: ${result.model} sees the token itself (click it to mask it)`;
}

AS.views.predict = {
  selects: [],
  needs(app) {
    const {result} = app;
    const needs = noPredictions(result) ? [] : [[result, 'predictions']];
    if (result.unmasked) needs.push([result, 'change', result.unmasked.id]);
    return needs;
  },
  title: (app) => `Predictions — ${app.result.model}, token ${JSON.stringify(app.result.labels[app.state.predictToken])} (#${app.state.predictToken})`,
  controls(app, container, extra) {
    const {result} = app;
    if (!result.causal) {
      if (result.unmasked) {
        const back = AS.element('button', {type: 'button', id: 'unmask'}, 'Show unmasked');
        back.addEventListener('click', () => app.unmask());
        container.append(back);
      }
    }
    // Masking runs the model again on tokens: a served page at token level only.
    const why = result.causal ? '' : result.words ? 'turn word level off to mask a token' : AS.config.mode !== 'server' ? 'masking needs `attnscope serve`' : '';
    const masks = !result.causal && !why;
    AS.tokenChips(result, extra, {
      lead: masks ? 'Click a token to mask it: ' : why ? `Token (${why}): ` : 'Token: ', name: 'predict', selected: app.state.predictToken,
      onClick: (i) => (masks ? app.maskToken(i) : app.setPredictToken(i)),
      disabled: (i) => masks && result.tokens[i].special, // [CLS] and [SEP] cannot be masked
    });
  },
  frame(app) {
    const {result, state} = app;
    const predictions = noPredictions(result) ? {unavailable: noPredictions(result)} : result.get('predictions');
    const candidates = predictions.unavailable ? [] : predictions.positions[state.predictToken];
    const listHeight = 40 + Math.max(candidates.length, 2) * PREDICTION_ROW;
    const frame = {predictions, candidates, listWidth: 140 + BAR_WIDTH + 60, panels: []};
    frame.width = frame.listWidth;
    frame.height = listHeight + 30;
    if (result.unmasked) {
      frame.change = result.get('change', result.unmasked.id);
      const cell = AS.fitCell(Math.max(result.layers, result.heads), 420, 14, 36);
      const layout = AS.matrixLayout({
        x: frame.listWidth + 20, y: 0, rows: result.layers, cols: result.heads, cellW: cell, cellH: cell,
        rowLabels: Array.from({length: result.layers}, (_, l) => `${l}`), colLabels: Array.from({length: result.heads}, (_, h) => `${h}`),
        xTitle: 'Head', yTitle: 'Layer', title: `Attention change after masking #${result.masked.join(', #')}`,
        colorbarLabel: 'Mean total variation',
      });
      frame.panels.push(layout);
      frame.width = layout.right + 10;
      frame.height = Math.max(frame.height, layout.bottom + 24);
    }
    return frame;
  },
  draw(p, app, frame) {
    const {result, state} = app;
    const {predictions, candidates} = frame;
    if (predictions.unavailable) {
      p.text('No predictions', 0, 16, {size: 13, weight: 'bold'});
      wrapped(predictions.unavailable, frame.listWidth - 10, 11).forEach((line, i) => p.text(line, 0, 40 + 16 * i, {size: 11, color: '#7f2704'}));
    } else {
      p.text(predictionHeading(result, state.predictToken, predictions), 0, 16, {size: 13, weight: 'bold'});
      const actual = predictions.next_token && state.predictToken + 1 < result.n ? result.tokens[state.predictToken + 1].id : null;
      candidates.forEach((c, i) => {
        const y = 40 + i * PREDICTION_ROW;
        const hit = c.id === actual;
        p.text(c.label, 130, y + PREDICTION_ROW / 2, {size: 12, align: 'right', weight: hit ? 'bold' : undefined});
        p.rect(140, y + 3, Math.max(1, c.probability * BAR_WIDTH), PREDICTION_ROW - 6, hit ? '#238b45' : '#6baed6');
        p.text(c.probability.toFixed(3), 140 + BAR_WIDTH + 54, y + PREDICTION_ROW / 2, {size: 11, align: 'right'});
      });
      if (actual !== null) {
        const rank = candidates.findIndex((c) => c.id === actual);
        const said = rank < 0 ? 'not in the top 10' : `rank ${rank + 1} (green)`;
        p.text(`The text's next token ${JSON.stringify(result.labels[state.predictToken + 1])}: ${said}`, 0, 40 + candidates.length * PREDICTION_ROW + 14, {size: 11, color: '#525252'});
      }
    }
    if (frame.change) {
      const values = Float32Array.from(frame.change.flat());
      AS.drawMatrix(p, frame.panels[0], values, AS.colormap('scores'), 0, Math.max(AS.maxOf(values), 1e-9));
    }
  },
  hover(frame, x, y, app) {
    if (frame.change) {
      const cell = frame.panels[0].cellAt(x, y);
      if (cell) return `layer ${cell.row} · head ${cell.col}\nmean total variation ${frame.change[cell.row][cell.col].toFixed(3)}\n(½ Σ|Δ weight| per query row, averaged)`;
    }
    const i = Math.floor((y - 40) / PREDICTION_ROW);
    const c = frame.candidates[i];
    if (!c || x > frame.listWidth) return null;
    return `token  ${JSON.stringify(c.label)} (id ${c.id})\nprobability ${c.probability.toFixed(4)}`;
  },
  click(frame, x, y, app) {
    if (!frame.change) return;
    const cell = frame.panels[0].cellAt(x, y);
    if (cell) app.openHead(cell.row, cell.col);
  },
};
