#pragma once
// Streaming capture: every document of a source through the model in batches of similar
// length, each batch's attention handed to the caller before the next batch runs. Memory stays
// bounded by one batch's attention (plus the token ids of one sorting window), however long the
// corpus.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "attention/attention.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/document_source.hpp"

namespace attnscope {

struct StreamOptions {
  // bos, truncate, replace_invalid; a document's own text_pair wins over capture.text_pair
  CaptureOptions capture;
  int batch_size = 16;
  // Documents tokenized ahead and sorted by length before batching, so a batch pads little;
  // 0 means 32 batches' worth.
  std::size_t sort_window = 0;
  bool keep_order = false;  // visit documents in the source's order (no sorting)
  std::vector<int> layers;  // kept layers, ascending; empty: all
  std::vector<int> heads;   // kept heads of each kept layer, ascending; empty: all
};

struct CapturedDocument {
  std::size_t index = 0;  // the Document's index
  // The kept layers and heads only: attention.layers = layers kept, attention.heads = heads kept,
  // in the order of StreamOptions::layers / heads.
  Attention attention;
};

struct StreamTotals {
  std::size_t documents = 0;
  std::size_t tokens = 0;
  double forward_seconds = 0;  // tokenizing and the model's forward passes
  double visit_seconds = 0;    // the caller's analysis of the batches
};

// Calls `visit` once per batch (documents in sorted order, each document exactly once).
// `progress`, when set, is called after each batch with the running totals.
StreamTotals stream_attention(const Pretrained& model, DocumentSource& source,
                              const StreamOptions& options,
                              const std::function<void(std::span<CapturedDocument>)>& visit,
                              const std::function<void(const StreamTotals&)>& progress = {});

}  // namespace attnscope
