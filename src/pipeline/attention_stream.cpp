#include "pipeline/attention_stream.hpp"

#include <algorithm>
#include <chrono>

#include "core/error.hpp"

namespace attnscope {

namespace {

struct Pending {
  std::size_t index;
  Encoding encoding;
};

Encoding encode_document(const Pretrained& model, const Document& document,
                         const CaptureOptions& base) {
  if (document.ids) return encode_ids_for_model(model, *document.ids, base.truncate);
  CaptureOptions options = base;
  if (document.text_pair) options.text_pair = document.text_pair;
  return encode_for_model(model, document.text, options);
}

void check_selection(const std::vector<int>& selection, int count, const char* what) {
  for (std::size_t i = 0; i < selection.size(); ++i)
    if (selection[i] < 0 || selection[i] >= count || (i > 0 && selection[i] <= selection[i - 1]))
      throw UsageError(std::string(what) + " must be distinct, ascending and in 0.." +
                       std::to_string(count - 1));
}

}  // namespace

StreamTotals stream_attention(const Pretrained& model, DocumentSource& source,
                              const StreamOptions& options,
                              const std::function<void(std::span<CapturedDocument>)>& visit,
                              const std::function<void(const StreamTotals&)>& progress) {
  const ModelConfig& config = model.model->config();
  check_selection(options.layers, config.layers, "layers");
  check_selection(options.heads, config.heads, "heads");
  if (options.batch_size < 1) throw UsageError("--batch must be at least 1");
  const std::size_t batch_size = options.batch_size;
  const std::size_t window = options.keep_order    ? batch_size
                             : options.sort_window ? options.sort_window
                                                   : 32 * batch_size;
  ForwardOptions forward;
  forward.attention_layers = options.layers;

  StreamTotals totals;
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  auto forward_start = Clock::now();
  std::vector<Pending> pending;
  std::vector<Encoding> encodings;
  std::vector<CapturedDocument> captured;
  bool exhausted = false;
  while (!exhausted) {
    pending.clear();
    while (pending.size() < window) {
      auto document = source.next();
      if (!document) {
        exhausted = true;
        break;
      }
      pending.push_back({document->index, encode_document(model, *document, options.capture)});
    }
    if (!options.keep_order)
      std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
        return a.encoding.size() < b.encoding.size();
      });
    for (std::size_t start = 0; start < pending.size(); start += batch_size) {
      const std::size_t end = std::min(pending.size(), start + batch_size);
      encodings.clear();
      for (std::size_t i = start; i < end; ++i) encodings.push_back(std::move(pending[i].encoding));
      const Batch batch = make_batch(encodings);
      ForwardOutput output = model.model->forward(batch, forward);
      captured.resize(end - start);
      for (std::size_t i = start; i < end; ++i) {
        CapturedDocument& document = captured[i - start];
        document.index = pending[i].index;
        fill_attention_record(document.attention, model, encodings[i - start], output, batch,
                              static_cast<int>(i - start), options.heads);
        totals.tokens += encodings[i - start].size();
      }
      output = {};  // the batch's attention goes before the caller's analysis allocates
      totals.forward_seconds += seconds_since(forward_start);
      const auto visit_start = Clock::now();
      visit(std::span(captured));
      totals.visit_seconds += seconds_since(visit_start);
      forward_start = Clock::now();
      totals.documents += captured.size();
      if (progress) progress(totals);
    }
  }
  return totals;
}

}  // namespace attnscope
