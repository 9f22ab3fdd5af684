// Reads the Hugging Face golden attentions (safetensors: u64 header length, JSON header, data)
// and the manifest, so browser tests compare what the page shows with the reference values.
import fs from 'node:fs';
import path from 'node:path';

export const sharedDir = process.env.ATTNSCOPE_SHARED_DIR || path.resolve(import.meta.dirname, '../../../shared');
export const fixturesDir = path.join(sharedDir, 'fixtures');
export const modelDir = (name) => path.join(fixturesDir, 'models', name);

export function readSafetensors(file) {
  const bytes = fs.readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const dataStart = 8 + headerLength;
  return (name) => {
    const entry = header[name];
    if (!entry || entry.dtype !== 'F32') throw new Error(`no F32 tensor ${name} in ${file}`);
    const [begin, end] = entry.data_offsets;
    const copy = bytes.subarray(dataStart + begin, dataStart + end);
    const values = new Float32Array(new Uint8Array(copy).buffer);
    return {shape: entry.shape, values};
  };
}

// {key, text, tokens, attention(layer, head, query, key)} for a manifest entry of golden_tiny.
export function goldenTiny(key) {
  const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'golden', 'manifest.json'), 'utf8'));
  const entry = manifest.entries.tiny.find((e) => e.key === key);
  const tensor = readSafetensors(path.join(fixturesDir, 'golden', 'golden_tiny.safetensors'))(`${key}.attentions`);
  const [, heads, n] = tensor.shape;
  const attention = (l, h, q, k) => tensor.values[((l * heads + h) * n + q) * n + k];
  return {key, text: entry.text, tokens: entry.tokens, shape: tensor.shape, attention};
}

// The same for a BERT sentence pair of golden_pairs: also text_pair and token_type_ids.
export function goldenPair(key) {
  const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'golden', 'pairs_manifest.json'), 'utf8'));
  const entry = manifest.entries.find((e) => e.key === key);
  const tensor = readSafetensors(path.join(fixturesDir, 'golden', 'golden_pairs.safetensors'))(`${key}.attentions`);
  const [, heads, n] = tensor.shape;
  const attention = (l, h, q, k) => tensor.values[((l * heads + h) * n + q) * n + k];
  return {key, text: entry.text, text_pair: entry.text_pair, tokens: entry.tokens, segments: entry.token_type_ids, shape: tensor.shape, attention};
}

// The form the page shows of token i of a golden sequence (docs/formats.md), for the golden
// texts' ASCII pieces: BERT's piece as it is; GPT-2's leading space (Ġ) dropped, and a GPT-2 piece
// that continues a word marked ## as BERT marks it.
export function display(golden, i) {
  const tokens = golden.tokens;
  const token = tokens[i];
  if (!golden.key.includes('gpt2')) return token;
  if (token.startsWith('Ġ')) return token.slice(1);
  const inside = i > 0 && /[A-Za-z0-9]$/.test(tokens[i - 1]) &&
    /^[A-Za-z0-9]/.test(token);
  return (inside ? '##' : '') + token;
}

// Cells whose golden weight is not within the 1e-5 tolerance of a 3-decimal rounding boundary,
// so the expected text is unambiguous.
export function checkedCells(golden, layer, head) {
  const n = golden.tokens.length;
  const candidates = [[1, 2], [2, 1], [n - 1, 0], [3, 3], [0, n - 1], [n - 2, 4]];
  return candidates.filter(([q, k]) => {
    const scaled = golden.attention(layer, head, q, k) * 1000;
    return Math.abs(scaled - Math.floor(scaled) - 0.5) > 0.02;
  });
}
