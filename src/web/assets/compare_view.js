// Compare: the same layer and head of two models (or two results) side by side on one text.
'use strict';

AS.views.compare = {
  selects: ['layer', 'head'],
  title(app) {
    const other = app.compareResult;
    return other ? `Compare — ${app.result.model} and ${other.model}, Layer ${app.state.layer} · Head ${app.state.head}`
      : 'Compare — pick a second model';
  },
  controls(app, container) {
    const select = AS.element('select', {id: 'compare-source', 'aria-label': 'Compare with'});
    for (const [value, label] of app.compareChoices()) select.append(AS.element('option', {value}, label));
    select.value = app.state.compareWith;
    select.addEventListener('change', () => app.setCompare(select.value));
    container.append(AS.element('label', {for: 'compare-source'}, 'Compare with'), select);
  },
  needs(app) {
    const results = app.compareResult ? [app.result, app.compareResult] : [app.result];
    return results.map((result) => [result, 'head', ...this.panelHead(result, app)]);
  },
  // Each side shows the chosen layer and head, clamped to what that model has.
  panelHead(result, app) {
    return [Math.min(app.state.layer, result.layers - 1), Math.min(app.state.head, result.heads - 1)];
  },
  frame(app) {
    const results = app.compareResult ? [app.result, app.compareResult] : [app.result];
    const space = Math.min(Math.max(200, app.space / 2 - 170), 560);
    const panels = [];
    let x = 0;
    let height = 0;
    for (const result of results) {
      const [layer, head] = this.panelHead(result, app);
      const layout = AS.headLayout(result, layer, head, x, 0, space);
      panels.push(Object.assign(layout, {result, layer, head}));
      x = layout.right + 24;
      height = Math.max(height, layout.bottom);
    }
    return {width: x, height, panels};
  },
  draw(p, app, frame) {
    for (const panel of frame.panels) AS.drawHead(p, panel, panel.result, panel.layer, panel.head);
  },
  hover(frame, x, y) {
    for (const panel of frame.panels) {
      const cell = panel.cellAt(x, y);
      if (cell) return `${panel.result.model}\n` + AS.headTooltip(panel.result, panel.layer, panel.head, cell);
    }
    return null;
  },
};
