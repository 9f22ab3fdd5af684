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

AS.floatsFromBase64 = function (text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
};

// fetch, rejecting with the server's one-line error when the answer is not 2xx.
async function apiFetch(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      message = (await response.json()).error || message;
    } catch (e) {
      // keep the status line
    }
    throw new Error(message);
  }
  return response;
}
const fetchFloats = async (url) => new Float32Array(await (await apiFetch(url)).arrayBuffer());

// Where a result's matrices come from. Both sources answer the same questions, so the views run
// the same code on the served page (which fetches what it shows, when it shows it) and in the
// self-contained file (which carries everything). Each answer is a promise of a Float32Array:
//   head(l, h) [n][n] · layer(l) [heads][n][n] · token(q) [layers][heads][n] (rows of query q)
//   thumbnails() [layers][heads][side][side] · scores() {metric: [[layer][head]]} · json()
//   queryKey(l) [2][heads][n][head_dim] (layer l's query then key vectors; served pages only)
//   predictions() {next_token, positions: [[{id, label, probability}]]} or {unavailable: why}
//   change(otherId) [[layer][head]] mean total variation between this result and another
AS.ServerSource = class {
  constructor(id) {
    this.url = `api/attention/${encodeURIComponent(id)}`;
  }
  head(layer, head) { return fetchFloats(`${this.url}/layer/${layer}/head/${head}`); }
  layer(layer) { return fetchFloats(`${this.url}/layer/${layer}`); }
  token(query) { return fetchFloats(`${this.url}/token/${query}`); }
  thumbnails() { return fetchFloats(`${this.url}/thumbnails`); }
  queryKey(layer) { return fetchFloats(`${this.url}/layer/${layer}/query_key`); }
  // A model without a prediction head is not an error of the page: the view says so.
  async predictions() {
    try {
      return await (await apiFetch(`${this.url}/predictions`)).json();
    } catch (error) {
      return {unavailable: error.message};
    }
  }
  async change(other) {
    return (await (await apiFetch(`${this.url}/change/${encodeURIComponent(other)}`)).json()).total_variation;
  }
  async scores() { return (await (await apiFetch(`${this.url}/scores`)).json()).scores; }
  async json() { return (await apiFetch(this.url)).json(); }
};

// float16 bits to float32, for every bit pattern at once.
let halfTable = null;
function halfToFloat() {
  if (halfTable) return halfTable;
  halfTable = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0x1f) halfTable[bits] = fraction ? NaN : sign * Infinity;
    else if (exponent === 0) halfTable[bits] = sign * fraction * 2 ** -24;
    else halfTable[bits] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return halfTable;
}

async function inflate(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// An embedded matrix, read one slice of its first axis at a time: float32 ({"base64"}) decoded
// at once, or float16 in deflated byte-plane chunks (web/compact_matrix.hpp) inflated when a
// view first asks for the slice, so the page draws its first view without decoding the rest.
AS.StoredMatrix = class {
  constructor(json) {
    this.json = json;
    this.sliceSize = json.shape.slice(1).reduce((a, b) => a * b, 1);
    this.slices = new Map();
    if (json.dtype === 'float32') this.whole = AS.floatsFromBase64(json.base64);
  }
  // What a value shown from it may differ from the exact one, or 0 when it is exact.
  get error() {
    return this.json.dtype === 'float16' ? this.json.step / 2 : 0;
  }
  slice(index) {
    if (this.whole) return Promise.resolve(this.whole.subarray(index * this.sliceSize, (index + 1) * this.sliceSize));
    if (!this.slices.has(index)) {
      const slice = this.inflateSlice(index);
      slice.catch(() => this.slices.delete(index)); // a failed inflation is tried again
      this.slices.set(index, slice);
    }
    return this.slices.get(index);
  }
  async inflateSlice(index) {
    const planes = await inflate(this.json.chunks[index]);
    const m = this.sliceSize;
    if (planes.length !== 2 * m) throw new Error('the page holds a corrupt attention chunk');
    const table = halfToFloat();
    const values = new Float32Array(m);
    for (let i = 0; i < m; i++) values[i] = table[(planes[i] << 8) | planes[m + i]];
    return values;
  }
  async all() {
    if (this.whole) return this.whole;
    const slices = await Promise.all(Array.from({length: this.json.shape[0]}, (_, i) => this.slice(i)));
    const values = new Float32Array(slices.length * this.sliceSize);
    slices.forEach((slice, i) => values.set(slice, i * this.sliceSize));
    return values;
  }
};

AS.EmbeddedSource = class {
  constructor(json) {
    this.data = json;
    [, this.heads, this.n] = json.attention.shape;
    this.probs = new AS.StoredMatrix(json.attention);
    this.pictures = new AS.StoredMatrix(json.thumbnails);
  }
  async head(layer, head) {
    const size = this.n * this.n;
    return (await this.probs.slice(layer)).subarray(head * size, (head + 1) * size);
  }
  layer(layer) { return this.probs.slice(layer); }
  async token(query) {
    const {n, heads} = this;
    const layers = this.data.attention.shape[0];
    const rows = new Float32Array(layers * heads * n);
    for (let l = 0; l < layers; l++) {
      const values = await this.probs.slice(l);
      for (let h = 0; h < heads; h++) rows.set(values.subarray((h * n + query) * n, (h * n + query + 1) * n), (l * heads + h) * n);
    }
    return rows;
  }
  thumbnails() { return this.pictures.all(); }
  async queryKey() {
    throw new Error('the neuron view and the query–key map need query and key vectors, which a saved page does not hold: open the text in `attnscope serve`');
  }
  async predictions() {
    return {unavailable: 'predictions come from the model, which a saved page does not hold: open the text in `attnscope serve`'};
  }
  async scores() { return this.data.scores; }
  async json() { return this.data; }
};

// What a result keeps of what it has loaded: enough for a few views at 512 tokens (a layer is
// 12 MB there), the least recently used going first.
const KEEP_BYTES = 64 * 1024 * 1024;

// One analysed text: the API's header fields, and its matrices loaded from a source as the
// views need them. Views ask for ['head', l, h], ['layer', l], ['token', q], ['thumbnails'] or
// ['scores'] with load(), then read them synchronously with get() (or head() and at()).
AS.Result = class {
  constructor(header, source) {
    Object.assign(this, header);
    this.source = source;
    // The tokenizer's one display form, as the figures and the terminal show it.
    this.labels = this.tokens.map((t) => t.label);
    // Segment B of a sentence pair is labelled in its own colour; undefined keeps the default.
    this.labelColors = this.tokens.map((t) => (t.segment === 1 ? AS.SEGMENT_B_COLOR : undefined));
    this.loaded = new Map();
    this.loading = new Map();
    this.bytes = 0;
  }
  // A decoder's query i sees keys 0..i only.
  get causal() {
    return this.architecture === 'gpt2';
  }
  has(...what) {
    return this.lookup(what) !== undefined;
  }
  get(...what) {
    const value = this.lookup(what);
    if (value === undefined) throw new Error(`${what.join('/')} of ${this.model} is not loaded`);
    return value;
  }
  // A promise of get(...what), fetched once however many views ask at the same time.
  load(...what) {
    const value = this.lookup(what);
    if (value !== undefined) return Promise.resolve(value);
    const key = what.join('/');
    if (!this.loading.has(key)) {
      const [kind, ...args] = what;
      const promise = this.source[kind](...args).then((data) => {
        this.remember(key, data);
        return data;
      });
      promise.finally(() => this.loading.delete(key)).catch(() => {});
      this.loading.set(key, promise);
    }
    return this.loading.get(key);
  }
  lookup([kind, ...args]) {
    const key = [kind, ...args].join('/');
    if (this.loaded.has(key)) {
      const value = this.loaded.get(key);
      this.loaded.delete(key);
      this.loaded.set(key, value);
      return value;
    }
    // A head of a loaded layer needs no request of its own.
    if (kind === 'head' && this.loaded.has(`layer/${args[0]}`)) {
      const size = this.n * this.n;
      return this.loaded.get(`layer/${args[0]}`).subarray(args[1] * size, (args[1] + 1) * size);
    }
    return undefined;
  }
  remember(key, value) {
    this.loaded.set(key, value);
    this.bytes += value.byteLength || 0;
    for (const [old, data] of this.loaded) {
      if (this.bytes <= KEEP_BYTES || old === key) break;
      this.loaded.delete(old);
      this.bytes -= data.byteLength || 0;
    }
  }
  // The n×n matrix of one head, loaded before.
  head(layer, head) {
    return this.get('head', layer, head);
  }
  at(layer, head, query, key) {
    return this.head(layer, head)[query * this.n + key];
  }
  // "14 tokens", or "4 words" for a word-level result.
  size() {
    return `${this.n} ${this.words ? 'words' : 'tokens'}`;
  }
  // What the cells of a word-level result are, and how exactly they are stored; empty for exact
  // tokens.
  level() {
    const stored = this.stored_error ? `stored as float16, each weight within ${this.stored_error.toPrecision(3)}` : '';
    if (!this.words) return stored;
    return [stored, `word level: to = sum over pieces, from = ${this.from_word === 'first' ? 'first piece' : 'mean over pieces'}; special tokens dropped`].filter(Boolean).join(' · ');
  }
  label() {
    const text = this.text.length > 40 ? this.text.slice(0, 39) + '…' : this.text;
    return `${this.model} — ${text}`;
  }
};

// A result embedded in the self-contained page (the API's full JSON form).
AS.Result.embedded = function (json) {
  const header = Object.assign({}, json);
  for (const name of ['attention', 'thumbnails', 'scores']) delete header[name];
  const source = new AS.EmbeddedSource(json);
  header.stored_error = source.probs.error;
  return new AS.Result(header, source);
};

// POST /api/attention; resolves to a Result (holding the matrix of head (layer, head) it came
// with) or rejects with the server's one-line error.
AS.fetchResult = async function (request) {
  const response = await apiFetch('api/attention', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(request),
  });
  const json = await response.json();
  const {first} = json;
  delete json.first;
  const result = new AS.Result(json, new AS.ServerSource(json.id));
  result.remember(`head/${first.layer}/${first.head}`, AS.floatsFromBase64(first.base64));
  return result;
};

AS.SEGMENT_B_COLOR = '#2166ac';

AS.formatWeight = (value) => value.toFixed(3);

// A row of token buttons after the text `lead`, one per token with data-NAME = its index, pressed
// for `selected`, special and segment-B tokens styled as in the labels; `disabled(i)` greys one.
AS.tokenChips = function (result, container, {lead, name, selected, onClick, disabled = () => false}) {
  container.append(AS.element('span', {}, lead));
  result.labels.forEach((label, i) => {
    const chip = AS.element('button', {type: 'button', class: 'token-chip', [`data-${name}`]: i, 'aria-pressed': String(i === selected)}, label);
    if (result.tokens[i].special) chip.classList.add('special');
    if (result.tokens[i].segment === 1) chip.classList.add('segment-b');
    chip.disabled = disabled(i);
    chip.addEventListener('click', () => onClick(i));
    container.append(chip);
  });
};

AS.element = function (tag, attributes = {}, text = '') {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
};
