// Model view: every layer × head as a thumbnail; click one to open it large in the heatmap.
'use strict';

const LABEL_WIDTH = 58;
const HEADER = 22;
const GAP = 6;

AS.views.model = {
  selects: [],
  // Every head reduced to at most 96² cells by the server (or embedded): each block's largest
  // weight, so thin diagonals and columns stay visible at 512 tokens.
  needs: (app) => [[app.result, 'thumbnails']],
  title: (app) => `Model view — ${app.result.layers} layers × ${app.result.heads} heads of ${app.result.model} (click a head to open it)`,
  frame(app) {
    const {layers, heads} = app.result;
    const thumb = Math.max(36, Math.min(96, Math.floor((app.space - LABEL_WIDTH) / heads) - GAP));
    const width = LABEL_WIDTH + heads * (thumb + GAP);
    const height = HEADER + layers * (thumb + GAP);
    const at = (x, y) => {
      const head = Math.floor((x - LABEL_WIDTH) / (thumb + GAP));
      const layer = Math.floor((y - HEADER) / (thumb + GAP));
      const inside = (x - LABEL_WIDTH) % (thumb + GAP) < thumb && (y - HEADER) % (thumb + GAP) < thumb;
      return inside && x >= LABEL_WIDTH && y >= HEADER && head < heads && layer < layers ? {layer, head} : null;
    };
    const center = (layer, head) => ({
      x: LABEL_WIDTH + head * (thumb + GAP) + thumb / 2,
      y: HEADER + layer * (thumb + GAP) + thumb / 2,
    });
    return {width, height, thumb, at, center};
  },
  draw(p, app, frame) {
    const {layers, heads} = app.result;
    const colormap = AS.colormap('attention');
    const side = app.result.thumbnail_side;
    const pictures = app.result.get('thumbnails');
    for (let h = 0; h < heads; h++) {
      p.text(`Head ${h}`, LABEL_WIDTH + h * (frame.thumb + GAP) + frame.thumb / 2, HEADER / 2, {size: 11, align: 'center'});
    }
    for (let l = 0; l < layers; l++) {
      const y = HEADER + l * (frame.thumb + GAP);
      p.text(`Layer ${l}`, 4, y + frame.thumb / 2, {size: 11});
      for (let h = 0; h < heads; h++) {
        const values = pictures.subarray((l * heads + h) * side * side, (l * heads + h + 1) * side * side);
        const max = AS.maxOf(values);
        const x = LABEL_WIDTH + h * (frame.thumb + GAP);
        p.matrix(values, side, side, x, y, frame.thumb, frame.thumb, (v) => colormap.rgb(v, 0, max));
        p.strokeRect(x, y, frame.thumb, frame.thumb, '#bbb', 0.5);
      }
    }
  },
  hover(frame, x, y) {
    const hit = frame.at(x, y);
    return hit && `Layer ${hit.layer} · Head ${hit.head}\nclick to open`;
  },
  click(frame, x, y, app) {
    const hit = frame.at(x, y);
    if (hit) app.openHead(hit.layer, hit.head);
  },
};
