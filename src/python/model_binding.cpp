// attnscope.load, Model.tokenize and Model(...): the pipeline stage, with its outputs viewed by
// numpy in place.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <chrono>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/repeat_random_input.hpp"
#include "python/bindings.hpp"
#include "python/interruptible.hpp"
#include "python/result.hpp"

namespace attnscope::python {

namespace py = pybind11;

namespace {

using Strides = std::vector<py::ssize_t>;

// A float32 view of `data` whose base is `owner`, which keeps the memory alive.
py::array_t<float> float_view(std::vector<py::ssize_t> shape, Strides strides, const float* data,
                              py::handle owner) {
  for (auto& stride : strides) stride *= static_cast<py::ssize_t>(sizeof(float));
  return py::array_t<float>(std::move(shape), std::move(strides), data, owner);
}

struct TokenizedText {
  std::vector<int32_t> ids;
  std::vector<std::string> tokens;
  std::vector<std::pair<int32_t, int32_t>> offsets;
  std::vector<std::string> display;
};

TokenizedText tokenize(const Pretrained& model, const std::string& text,
                       const std::optional<std::string>& text_pair, bool bos) {
  EncodeOptions encode;
  encode.bos = bos;
  Encoding e = text_pair ? model.tokenizer->encode_pair(text, *text_pair, encode)
                         : model.tokenizer->encode(text, encode);
  TokenizedText out{e.ids, e.tokens, e.offsets, {}};
  out.display = model.tokenizer->labels_of(e);
  return out;
}

// The forward pass over the encodings already in `result`.
std::shared_ptr<Result> forward(std::shared_ptr<Result> result, bool hidden_states) {
  result->batch = make_batch(result->encodings);
  ForwardOptions forward;
  forward.hidden_states = hidden_states;
  const auto start = std::chrono::steady_clock::now();
  result->output = result->model->model->forward(result->batch, forward);
  result->forward_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::shared_ptr<Result> run(const std::shared_ptr<const Pretrained>& model,
                            const std::vector<std::string>& texts,
                            const std::vector<std::optional<std::string>>& text_pairs,
                            bool hidden_states, bool bos) {
  if (texts.empty()) throw UsageError("no text given; pass a string or a non-empty list of them");
  if (text_pairs.size() != texts.size())
    throw UsageError("text_pair must have one entry per text: got " +
                     std::to_string(text_pairs.size()) + " for " + std::to_string(texts.size()) +
                     " texts");
  auto result = std::make_shared<Result>();
  result->model = model;
  result->texts = texts;
  result->text_pairs = text_pairs;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    CaptureOptions options;
    options.text_pair = text_pairs[i];
    options.bos = bos;
    result->encodings.push_back(encode_for_model(*model, texts[i], options));
  }
  return forward(std::move(result), hidden_states);
}

// Token id sequences instead of texts (the induction test): each text is "".
std::shared_ptr<Result> run_ids(const std::shared_ptr<const Pretrained>& model,
                                const std::vector<std::vector<int32_t>>& sequences) {
  if (sequences.empty()) throw UsageError("no token ids given");
  auto result = std::make_shared<Result>();
  result->model = model;
  result->texts.assign(sequences.size(), "");
  result->text_pairs.assign(sequences.size(), std::nullopt);
  for (const auto& ids : sequences)
    result->encodings.push_back(encode_ids_for_model(*model, ids, false));
  return forward(std::move(result), false);
}

py::tuple attentions(py::object self) {
  const Result& r = self.cast<const Result&>();
  const ModelConfig& config = r.model->model->config();
  const py::ssize_t B = r.size(), L = config.layers, H = config.heads, T = r.batch.seq_len;
  py::tuple layers(L);
  for (py::ssize_t l = 0; l < L; ++l)
    layers[l] = float_view({B, H, T, T}, {L * H * T * T, T * T, T, 1},
                           r.output.attentions.data() + l * H * T * T, self);
  return layers;
}

py::object hidden_states(py::object self) {
  const Result& r = self.cast<const Result&>();
  if (r.output.hidden_states.empty()) return py::none();
  const ModelConfig& config = r.model->model->config();
  const py::ssize_t B = r.size(), L1 = config.layers + 1, T = r.batch.seq_len,
                    D = config.hidden_size;
  py::tuple states(L1);
  for (py::ssize_t l = 0; l < L1; ++l)
    states[l] =
        float_view({B, T, D}, {L1 * T * D, D, 1}, r.output.hidden_states.data() + l * T * D, self);
  return states;
}

py::array_t<float> last_hidden_state(py::object self) {
  const Result& r = self.cast<const Result&>();
  const py::ssize_t B = r.size(), T = r.batch.seq_len, D = r.model->model->config().hidden_size;
  return float_view({B, T, D}, {T * D, D, 1}, r.output.hidden_last.data(), self);
}

// int64 like transformers' tensors; small enough that a copy costs nothing.
py::array_t<int64_t> batch_matrix(const Result& r, bool mask) {
  const py::ssize_t B = r.size(), T = r.batch.seq_len;
  py::array_t<int64_t> out({B, T});
  auto cells = out.mutable_unchecked<2>();
  for (py::ssize_t b = 0; b < B; ++b)
    for (py::ssize_t t = 0; t < T; ++t)
      cells(b, t) = mask ? (t < r.batch.lengths[b] ? 1 : 0) : r.batch.ids[b * T + t];
  return out;
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<Pretrained, std::shared_ptr<Pretrained>>(m, "_Model")
      .def_readonly("name", &Pretrained::name)
      .def_property_readonly("dir", [](const Pretrained& p) { return p.dir.string(); })
      .def_property_readonly(
          "architecture",
          [](const Pretrained& p) { return architecture_name(p.model->config().architecture); })
      .def_property_readonly(
          "precision",
          [](const Pretrained& p) { return std::string(precision_name(p.model->precision())); })
      .def_property_readonly("layers", [](const Pretrained& p) { return p.model->config().layers; })
      .def_property_readonly("heads", [](const Pretrained& p) { return p.model->config().heads; })
      .def_property_readonly("max_positions",
                             [](const Pretrained& p) { return p.model->config().max_positions; })
      .def(
          "tokenize",
          [](const Pretrained& p, const std::string& text,
             const std::optional<std::string>& text_pair, bool bos) {
            TokenizedText t = tokenize(p, text, text_pair, bos);
            return py::make_tuple(t.ids, t.tokens, t.offsets, t.display);
          },
          py::arg("text"), py::arg("text_pair"), py::arg("bos"))
      .def(
          "run",
          [](const std::shared_ptr<Pretrained>& p, const std::vector<std::string>& texts,
             const std::vector<std::optional<std::string>>& text_pairs, bool hidden_states,
             bool bos) {
            return run_interruptible([&] { return run(p, texts, text_pairs, hidden_states, bos); });
          },
          py::arg("texts"), py::arg("text_pairs"), py::arg("hidden_states"), py::arg("bos"))
      .def(
          "run_ids",
          [](const std::shared_ptr<Pretrained>& p,
             const std::vector<std::vector<int32_t>>& sequences) {
            return run_interruptible([&] { return run_ids(p, sequences); });
          },
          py::arg("sequences"))
      .def(
          "repeat_random_ids",
          [](const Pretrained& p, int length, int batch, uint64_t seed,
             std::optional<std::pair<int32_t, int32_t>> vocab_range) {
            const int32_t vocab_size = p.model->config().vocab_size;
            const auto [low, high] = vocab_range.value_or(std::pair{0, vocab_size});
            if (low < 0 || high > vocab_size || low >= high)
              throw UsageError("vocab_range must lie within (0, " + std::to_string(vocab_size) +
                               ") with low < high; got (" + std::to_string(low) + ", " +
                               std::to_string(high) + ")");
            if (length < 1 || batch < 1)
              throw UsageError("repeat_random and batch must be at least 1");
            return repeat_random_input(p, {length, batch, seed, low, high}, "repeat_random=");
          },
          py::arg("length"), py::arg("batch"), py::arg("seed"), py::arg("vocab_range"));

  m.def(
      "load",
      [](const std::string& spec, const std::string& revision, std::optional<int> threads,
         const std::string& precision) {
        if (precision != "fp32" && precision != "bf16")
          throw UsageError("precision must be 'fp32' or 'bf16', got '" + precision + "'");
        if (threads) {
          if (*threads < 1)
            throw UsageError("threads must be a whole number of at least 1, got " +
                             std::to_string(*threads));
          set_thread_count(*threads);
        }
        return run_interruptible([&] {
          return std::make_shared<Pretrained>(
              load_pretrained(spec, hub::ResolveOptions{revision},
                              precision == "bf16" ? Precision::bf16 : Precision::fp32));
        });
      },
      py::arg("spec"), py::arg("revision"), py::arg("threads"), py::arg("precision"));

  py::class_<Result, std::shared_ptr<Result>>(m, "_Result")
      .def_property_readonly("size", &Result::size)
      .def_readonly("texts", &Result::texts)
      .def_readonly("text_pairs", &Result::text_pairs)
      .def_readonly("forward_seconds", &Result::forward_seconds)
      .def_property_readonly("model_name", [](const Result& r) { return r.model->name; })
      .def_property_readonly("tokens",
                             [](const Result& r) {
                               std::vector<std::vector<std::string>> all;
                               for (const auto& e : r.encodings) all.push_back(e.tokens);
                               return all;
                             })
      .def("attentions", &attentions)
      .def("hidden_states", &hidden_states)
      .def("last_hidden_state", &last_hidden_state)
      .def("input_ids", [](const Result& r) { return batch_matrix(r, false); })
      .def("attention_mask", [](const Result& r) { return batch_matrix(r, true); });
}

}  // namespace attnscope::python
