// Export the current view as PNG (the canvas as shown) or SVG (the view drawn again as vector
// elements), and the data behind it as the API's JSON.
'use strict';

AS.download = function (blob, name) {
  const link = AS.element('a', {href: URL.createObjectURL(blob), download: name});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
};

function exportName(app, extension) {
  const view = app.state.view;
  const head = ['heatmap', 'compare'].includes(view) ? `-L${app.state.layer}-H${app.state.head}` : view === 'head' ? `-L${app.state.layer}` : '';
  const model = app.result.model.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return `attnscope-${model}-${view}${head}.${extension}`;
}

AS.exportPng = function (app) {
  document.getElementById('canvas').toBlob((blob) => AS.download(blob, exportName(app, 'png')), 'image/png');
};

AS.exportSvg = function (app) {
  const view = AS.views[app.state.view];
  const frame = view.frame(app);
  const painter = new AS.SvgPainter(frame.width, frame.height);
  view.draw(painter, app, frame);
  AS.download(new Blob([painter.toString()], {type: 'image/svg+xml'}), exportName(app, 'svg'));
};

// The whole result in the API's JSON form (on the served page, fetched from the server by id).
AS.exportJson = async function (app) {
  const compare = app.state.view === 'compare' && app.compareResult;
  const shown = await Promise.all((compare ? [app.result, app.compareResult] : [app.result]).map((r) => r.source.json()));
  AS.download(new Blob([JSON.stringify(compare ? shown : shown[0])], {type: 'application/json'}), exportName(app, 'json'));
};
