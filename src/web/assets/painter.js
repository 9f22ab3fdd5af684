// Two painters with one drawing vocabulary, so every view draws once and exports as PNG (the
// canvas it is shown on) or SVG (the same calls written as elements).
'use strict';

const measureContext = document.createElement('canvas').getContext('2d');
const FONT_FAMILY = '"DejaVu Sans", sans-serif';
const fontOf = (size, weight) => `${weight || 'normal'} ${size}px ${FONT_FAMILY}`;

AS.measureText = function (text, size = 12, weight = 'normal') {
  measureContext.font = fontOf(size, weight);
  return measureContext.measureText(text).width;
};

// An RGB matrix as an off-screen canvas of one pixel per cell, scaled up without smoothing by
// whoever draws it: 512×512 cells cost one image, not 262,144 rectangles.
function matrixCanvas(values, rows, cols, colorOf) {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  const image = context.createImageData(cols, rows);
  const pixels = image.data;
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = colorOf(values[i]);
    pixels[4 * i] = r;
    pixels[4 * i + 1] = g;
    pixels[4 * i + 2] = b;
    pixels[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

AS.CanvasPainter = class {
  constructor(canvas, width, height) {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.ceil(width * ratio);
    canvas.height = Math.ceil(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    this.context = canvas.getContext('2d');
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.context.fillStyle = '#fff';
    this.context.fillRect(0, 0, width, height);
    this.width = width;
    this.height = height;
  }
  rect(x, y, w, h, fill) {
    this.context.fillStyle = fill;
    this.context.fillRect(x, y, w, h);
  }
  strokeRect(x, y, w, h, stroke, width = 1) {
    this.context.strokeStyle = stroke;
    this.context.lineWidth = width;
    this.context.strokeRect(x, y, w, h);
  }
  line(x1, y1, x2, y2, stroke, width = 1, alpha = 1) {
    this.lines([x1, y1, x2, y2], stroke, width, alpha);
  }
  // Many segments [x1, y1, x2, y2, ...] in one stroke: 100,000 lines cost one path, not 100,000.
  lines(points, stroke, width = 1, alpha = 1) {
    const c = this.context;
    c.globalAlpha = alpha;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.beginPath();
    for (let i = 0; i < points.length; i += 4) {
      c.moveTo(points[i], points[i + 1]);
      c.lineTo(points[i + 2], points[i + 3]);
    }
    c.stroke();
    c.globalAlpha = 1;
  }
  dot(x, y, radius, fill, stroke) {
    const c = this.context;
    c.beginPath();
    c.arc(x, y, radius, 0, 2 * Math.PI);
    c.fillStyle = fill;
    c.fill();
    if (stroke) {
      c.strokeStyle = stroke;
      c.lineWidth = 1.5;
      c.stroke();
    }
  }
  text(text, x, y, {size = 12, color = '#262626', align = 'left', baseline = 'middle', rotate = 0, weight} = {}) {
    const c = this.context;
    c.save();
    c.translate(x, y);
    if (rotate) c.rotate((rotate * Math.PI) / 180);
    c.font = fontOf(size, weight);
    c.fillStyle = color;
    c.textAlign = align;
    c.textBaseline = baseline;
    c.fillText(text, 0, 0);
    c.restore();
  }
  matrix(values, rows, cols, x, y, w, h, colorOf) {
    const c = this.context;
    c.imageSmoothingEnabled = false;
    c.drawImage(matrixCanvas(values, rows, cols, colorOf), x, y, w, h);
  }
};

const escapeXml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
const SVG_ANCHOR = {left: 'start', center: 'middle', right: 'end'};
const SVG_BASELINE = {middle: 'central', top: 'hanging', bottom: 'text-after-edge', alphabetic: 'alphabetic'};
const n2 = (value) => Math.round(value * 100) / 100;

AS.SvgPainter = class {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.parts = [`<rect width="${width}" height="${height}" fill="#fff"/>`];
  }
  rect(x, y, w, h, fill) {
    this.parts.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" fill="${fill}"/>`);
  }
  strokeRect(x, y, w, h, stroke, width = 1) {
    this.parts.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" fill="none" stroke="${stroke}" stroke-width="${width}"/>`);
  }
  line(x1, y1, x2, y2, stroke, width = 1, alpha = 1) {
    this.parts.push(`<line x1="${n2(x1)}" y1="${n2(y1)}" x2="${n2(x2)}" y2="${n2(y2)}" stroke="${stroke}" stroke-width="${width}" stroke-opacity="${n2(alpha)}"/>`);
  }
  lines(points, stroke, width = 1, alpha = 1) {
    const moves = [];
    for (let i = 0; i < points.length; i += 4) moves.push(`M${n2(points[i])} ${n2(points[i + 1])}L${n2(points[i + 2])} ${n2(points[i + 3])}`);
    this.parts.push(`<path d="${moves.join('')}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-opacity="${n2(alpha)}"/>`);
  }
  dot(x, y, radius, fill, stroke) {
    const outline = stroke ? ` stroke="${stroke}" stroke-width="1.5"` : '';
    this.parts.push(`<circle cx="${n2(x)}" cy="${n2(y)}" r="${radius}" fill="${fill}"${outline}/>`);
  }
  text(text, x, y, {size = 12, color = '#262626', align = 'left', baseline = 'middle', rotate = 0, weight} = {}) {
    const transform = `translate(${n2(x)},${n2(y)})` + (rotate ? ` rotate(${rotate})` : '');
    this.parts.push(`<text transform="${transform}" font-size="${size}" fill="${color}" text-anchor="${SVG_ANCHOR[align]}" dominant-baseline="${SVG_BASELINE[baseline]}"${weight ? ` font-weight="${weight}"` : ''} xml:space="preserve">${escapeXml(text)}</text>`);
  }
  matrix(values, rows, cols, x, y, w, h, colorOf) {
    const url = matrixCanvas(values, rows, cols, colorOf).toDataURL('image/png');
    this.parts.push(`<image x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${url}"/>`);
  }
  toString() {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family='${FONT_FAMILY}'>\n${this.parts.join('\n')}\n</svg>\n`;
  }
};
