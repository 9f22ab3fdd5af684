// attnscope explorer: shared data model. Every script adds itself to the one global `AS`.
'use strict';
const AS = (window.AS = {views: {}});

// Page configuration embedded by the binary: mode ("server" or "file"), colormap tables and, in
// a self-contained file, the results themselves.
AS.config = JSON.parse(document.getElementById('attnscope-config').textContent);

// A colormap as a 256-entry table of [r, g, b], looked up like matplotlib's Normalize + cmap.
AS.colormap = function (name) {
  const table = AS.config.colormaps[name].map((hex) => [
    parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16),
  ]);
  const rgb = (value, vmin, vmax) => {
    const fraction = vmax > vmin ? (value - vmin) / (vmax - vmin) : 0;
    const index = Math.min(255, Math.max(0, Math.floor(fraction * 256)));
    return table[index];
  };
  const css = (value, vmin, vmax) => {
    const [r, g, b] = rgb(value, vmin, vmax);
    return `rgb(${r},${g},${b})`;
  };
  return {rgb, css};
};

AS.base64ToBytes = function (text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

AS.bytesToBase64 = function (bytes) {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
};

// One analysed text: the API's header fields plus the [layers][heads][n][n] tensor.
AS.Result = class {
  constructor(header, probs) {
    Object.assign(this, header);
    this.header = header;
    this.probs = probs;
    if (probs.length !== this.layers * this.heads * this.n * this.n) {
      throw new Error(`attention has ${probs.length} values, expected ${this.layers}×${this.heads}×${this.n}×${this.n}`);
    }
    this.labels = this.tokens.map((t) => t.display.replace(/\n/g, '\\n'));
  }
  // The n×n matrix of one head (a view, not a copy).
  head(layer, head) {
    const size = this.n * this.n;
    const start = (layer * this.heads + head) * size;
    return this.probs.subarray(start, start + size);
  }
  at(layer, head, query, key) {
    return this.probs[((layer * this.heads + head) * this.n + query) * this.n + key];
  }
  label() {
    const text = this.text.length > 40 ? this.text.slice(0, 39) + '…' : this.text;
    return `${this.model} — ${text}`;
  }
  // The API's JSON form (tensor base64-encoded), for export.
  toJSON() {
    return Object.assign({}, this.header, {
      attention: {
        dtype: 'float32',
        shape: [this.layers, this.heads, this.n, this.n],
        base64: AS.bytesToBase64(new Uint8Array(this.probs.buffer, this.probs.byteOffset, this.probs.byteLength)),
      },
    });
  }
};

AS.Result.fromJSON = function (json) {
  const bytes = AS.base64ToBytes(json.attention.base64);
  const header = Object.assign({}, json);
  delete header.attention;
  return new AS.Result(header, new Float32Array(bytes.buffer, 0, bytes.length / 4));
};

// The server's binary frame: "ATNS", u32 header length, header JSON, padding to 4, float32 data.
AS.Result.fromFrame = function (buffer) {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== 'ATNS') throw new Error('the server sent an unknown response format');
  const length = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, length)));
  const offset = Math.ceil((8 + length) / 4) * 4;
  return new AS.Result(header, new Float32Array(buffer, offset, (buffer.byteLength - offset) / 4));
};

AS.FRAME_TYPE = 'application/x-attnscope-frame';

// POST /api/attention; resolves to a Result or rejects with the server's one-line error.
AS.fetchResult = async function (request) {
  const response = await fetch('api/attention', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: AS.FRAME_TYPE},
    body: JSON.stringify(request),
  });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      message = (await response.json()).error || message;
    } catch (e) {
      // keep the status line
    }
    throw new Error(message);
  }
  return AS.Result.fromFrame(await response.arrayBuffer());
};

AS.formatWeight = (value) => value.toFixed(3);

AS.element = function (tag, attributes = {}, text = '') {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
};
