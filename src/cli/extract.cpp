// attnscope extract: a text's token ids, every head's attention and the hidden states, as
// safetensors (default), JSON or .npy (attentions only), for use outside attnscope; with --words,
// the word-level attentions too. A --text-file of several texts gives one file per text
// (out.0.safetensors, out.1.safetensors, ...): each keeps the one-text layout, with no padding.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "analysis/word_level.hpp"
#include "attention/token_json.hpp"
#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/word_args.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/json_file.hpp"
#include "io/npy.hpp"
#include "io/safetensors.hpp"
#include "pipeline/capture.hpp"

namespace attnscope::cli {
namespace {

struct ExtractArgs {
  ModelArgs model;
  InputArgs input;
  std::string ids;
  std::string output;
  bool hidden_states = false;
  WordArgs words;
};

// What one extraction produced, in the layout of the output files (batch dimension dropped).
struct Extraction {
  Attention attention;
  std::vector<int64_t> shape_attentions;  // [L, H, T, T]
  int64_t hidden_size = 0;
  std::vector<float> hidden_last;            // [T, D]
  std::vector<float> hidden_states;          // [L+1, T, D] with --hidden-states
  std::optional<analysis::WordLevel> words;  // with --words
  bool pair = false;                         // a sentence pair: words carry their segment
};

std::vector<int32_t> parse_ids(const std::string& text) {
  std::vector<int32_t> ids;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    int32_t id = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (error != std::errc() || end != item.data() + item.size() || item.empty())
      throw UsageError("--ids must be comma-separated token ids like 101,7592,102; got '" + item +
                       "'");
    ids.push_back(id);
  }
  return ids;
}

// One text, or the --ids when `text` is empty.
Extraction extract(const Pretrained& model, const ExtractArgs& args,
                   const std::optional<std::string>& text) {
  Encoding encoding = text ? encode_for_model(model, *text, args.input.capture())
                           : encode_ids_for_model(model, parse_ids(args.ids), args.input.truncate);
  Batch batch = make_batch({encoding});
  ForwardOptions options;
  options.hidden_states = args.hidden_states;
  ForwardOutput out = model.model->forward(batch, options);
  const ModelConfig& config = model.model->config();
  Extraction e;
  e.attention = take_attention_record(model, encoding, out);
  const int64_t T = batch.seq_len;
  e.shape_attentions = {config.layers, config.heads, T, T};
  e.hidden_size = config.hidden_size;
  e.hidden_last = std::move(out.hidden_last);
  e.hidden_states = std::move(out.hidden_states);
  const CaptureOptions capture = args.input.capture();
  e.pair = capture.text_pair.has_value();
  if (args.words.words)
    e.words = analysis::word_level(e.attention, *text, capture.text_pair, args.words.from());
  return e;
}

nlohmann::json tokens_json(const Attention& a) {
  auto tokens = nlohmann::json::array();
  for (const Token& t : a.tokens) tokens.push_back(token_json(t));
  return tokens;
}

// [{"text", "start", "end", "pieces": token positions}], "segment" too for a sentence pair.
nlohmann::json words_json(const analysis::WordLevel& words, bool pair) {
  auto json = nlohmann::json::array();
  for (int i = 0; i < words.alignment.words(); ++i) {
    const Token& word = words.attention.tokens[i];
    json.push_back({{"text", word.piece},
                    {"start", word.start},
                    {"end", word.end},
                    {"pieces", words.alignment.pieces[i]}});
    if (pair) json.back()["segment"] = word.segment;
  }
  return json;
}

std::vector<int64_t> word_attention_shape(const Attention& words) {
  return {words.layers, words.heads, words.n(), words.n()};
}

std::vector<int64_t> ids_of(const Attention& a) {
  std::vector<int64_t> ids;
  for (const Token& t : a.tokens) ids.push_back(t.id);
  return ids;
}

void write_safetensors(const Extraction& e, const std::filesystem::path& path) {
  const int64_t T = e.attention.n(), D = e.hidden_size;
  io::SafetensorsWriter writer;
  auto ids = ids_of(e.attention);
  writer.add_i64("input_ids", {T}, ids);
  writer.add_f32("attentions", e.shape_attentions, e.attention.probs);
  writer.add_f32("hidden_last", {T, D}, e.hidden_last);
  if (!e.hidden_states.empty())
    writer.add_f32("hidden_states", {e.attention.layers + 1, T, D}, e.hidden_states);
  writer.metadata["model"] = e.attention.model_name;
  writer.metadata["architecture"] = architecture_name(e.attention.architecture);
  writer.metadata["precision"] = precision_name(e.attention.precision);
  writer.metadata["tokens"] = io::json_text(tokens_json(e.attention));
  if (e.words) {
    writer.add_f32("word_attentions", word_attention_shape(e.words->attention),
                   e.words->attention.probs);
    writer.metadata["words"] = io::json_text(words_json(*e.words, e.pair));
    writer.metadata["from_word"] = analysis::from_word_name(e.words->from);
  }
  writer.write(path);
}

// Nested JSON arrays of `values` in the given shape, floats in their shortest exact form. JSON
// has no NaN or Infinity (broken weights give them), so those become null, counted in
// `non_finite`.
void write_array(std::ostream& out, const float* values, const std::vector<int64_t>& shape,
                 std::size_t& non_finite, std::size_t dim = 0) {
  out << '[';
  std::size_t stride = 1;
  for (std::size_t d = dim + 1; d < shape.size(); ++d) stride *= shape[d];
  char buffer[32];
  for (int64_t i = 0; i < shape[dim]; ++i) {
    if (i) out << ',';
    if (dim + 1 < shape.size()) {
      write_array(out, values + i * stride, shape, non_finite, dim + 1);
    } else if (!std::isfinite(values[i])) {
      out << "null";
      ++non_finite;
    } else {
      auto end = std::to_chars(buffer, buffer + sizeof buffer, values[i]).ptr;
      out.write(buffer, end - buffer);
    }
  }
  out << ']';
}

void write_json(const Extraction& e, const std::filesystem::path& path) {
  const int64_t T = e.attention.n(), D = e.hidden_size;
  AtomicFile file(path);
  std::ostream& out = file.stream();
  std::size_t non_finite = 0;
  out << "{\"model\":" << io::json_text(e.attention.model_name) << ",\"precision\":\""
      << precision_name(e.attention.precision) << "\""
      << ",\"tokens\":" << io::json_text(tokens_json(e.attention))
      << ",\"input_ids\":" << io::json_text(ids_of(e.attention)) << ",\"attentions\":";
  write_array(out, e.attention.probs.data(), e.shape_attentions, non_finite);
  out << ",\"hidden_last\":";
  write_array(out, e.hidden_last.data(), {T, D}, non_finite);
  if (!e.hidden_states.empty()) {
    out << ",\"hidden_states\":";
    write_array(out, e.hidden_states.data(), {e.attention.layers + 1, T, D}, non_finite);
  }
  if (e.words) {
    out << ",\"from_word\":" << io::json_text(analysis::from_word_name(e.words->from))
        << ",\"words\":" << io::json_text(words_json(*e.words, e.pair)) << ",\"word_attentions\":";
    write_array(out, e.words->attention.probs.data(), word_attention_shape(e.words->attention),
                non_finite);
  }
  out << "}\n";
  file.commit();
  if (non_finite > 0)
    std::cerr << "attnscope: warning: " << non_finite
              << " values were NaN or infinite (the weights are probably broken); " << path.string()
              << " has null in their place\n";
}

// X.tokens.json next to X.npy: an array has no room for what its rows and columns are.
std::filesystem::path tokens_side_file(const std::filesystem::path& npy) {
  std::filesystem::path side = npy;
  return side.replace_extension(".tokens.json");
}

// out.safetensors -> out.07.safetensors for text 7 of 12: zero-padded so they sort in order.
std::filesystem::path numbered_path(const std::filesystem::path& output, std::size_t index,
                                    std::size_t count) {
  const int width = static_cast<int>(std::to_string(count - 1).size());
  std::string number = std::to_string(index);
  number.insert(0, static_cast<std::size_t>(width) - number.size(), '0');
  std::filesystem::path path = output;
  return path.replace_extension("." + number + output.extension().string());
}

// Numbered files of an earlier run (out.3.json) would mix with this run's under out.*.json, and
// a shorter run would leave some of them behind: refused rather than deleted.
void refuse_earlier_numbered_files(const std::filesystem::path& output) {
  const std::filesystem::path folder =
      output.parent_path().empty() ? std::filesystem::path(".") : output.parent_path();
  const std::string stem = output.stem().string() + ".", ext = output.extension().string();
  std::vector<std::string> earlier;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= stem.size() + ext.size() || name.rfind(stem, 0) != 0 ||
        name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
      continue;
    const std::string number = name.substr(stem.size(), name.size() - stem.size() - ext.size());
    if (number.find_first_not_of("0123456789") == std::string::npos) earlier.push_back(name);
  }
  if (earlier.empty()) return;
  std::sort(earlier.begin(), earlier.end());
  throw UsageError((folder / earlier.front()).string() + " is from an earlier run; remove " +
                   (folder / (stem + "*" + ext)).string() + " first, or give another -o");
}

// The attentions as one [L, H, T, T] array, and beside it {"model", "architecture", "tokens",
// "input_ids"}; both files or neither.
void write_npy(const Extraction& e, const std::filesystem::path& path) {
  const nlohmann::json side = {{"model", e.attention.model_name},
                               {"architecture", architecture_name(e.attention.architecture)},
                               {"precision", precision_name(e.attention.precision)},
                               {"shape", e.shape_attentions},
                               {"tokens", tokens_json(e.attention)},
                               {"input_ids", ids_of(e.attention)}};
  io::write_npy_f32(path, e.shape_attentions, e.attention.probs);
  try {
    write_file_atomic(tokens_side_file(path), side.dump(1) + "\n");
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
}

void run(const ExtractArgs& args) {
  const std::string ext = std::filesystem::path(args.output).extension().string();
  if (ext != ".safetensors" && ext != ".json" && ext != ".npy")
    throw UsageError("--output must end in .safetensors, .json or .npy (got '" + args.output +
                     "')");
  if (args.words.words && ext == ".npy")
    throw UsageError(
        "--words needs .safetensors or .json output: .npy holds one array, the token-level "
        "attentions");
  if (args.hidden_states && ext == ".npy")
    throw UsageError(
        "--hidden-states needs .safetensors or .json output: .npy holds one array, the "
        "attentions");
  if (args.words.words && !args.ids.empty())
    throw UsageError("--words needs --text: token ids alone have no words");
  const std::vector<std::string> texts = args.input.collect();
  if (!args.ids.empty() && !texts.empty())
    throw UsageError("pass either --text or --ids, not both");
  if (args.ids.empty() && texts.empty())
    throw UsageError("give a --text, a --text-file with one text per line, or --ids");
  if (texts.size() > 1) refuse_earlier_numbered_files(args.output);
  const Pretrained model = load_model(args.model);
  auto write = [&](const Extraction& e, const std::filesystem::path& path) {
    if (ext == ".npy")
      write_npy(e, path);
    else if (ext == ".json")
      write_json(e, path);
    else
      write_safetensors(e, path);
  };
  if (texts.size() <= 1) {
    write(extract(model, args, texts.empty() ? std::nullopt : std::optional(texts.front())),
          args.output);
    return;
  }
  // One file per text; a failure part way removes the files already written, so a rerun never
  // mixes two runs' texts.
  std::vector<std::filesystem::path> written;
  ProgressBar progress("Extracting", texts.size(), "texts");
  try {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto path = numbered_path(args.output, i, texts.size());
      write(extract(model, args, texts[i]), path);
      written.push_back(path);
      progress.set(i + 1);
    }
  } catch (...) {
    for (const auto& path : written) {
      std::filesystem::remove(path);
      if (ext == ".npy") std::filesystem::remove(tokens_side_file(path));
    }
    throw;
  }
  progress.finish();
  std::cerr << "wrote " << texts.size() << " files, " << written.front().string() << " to "
            << written.back().string() << "\n";
}

const Command reg(20, [](CLI::App& root) {
  auto args = std::make_shared<ExtractArgs>();
  auto* cmd = root.add_subcommand(
      "extract", "Write token ids, every head's attention and hidden states to a file");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  cmd->add_option("--ids", args->ids, "Comma-separated token ids instead of --text");
  cmd->add_option("-o,--output", args->output,
                  "out.safetensors (ids, attentions [L,H,T,T], hidden states), out.json (the "
                  "same as JSON, where NaN and infinite values are null) or out.npy (attentions "
                  "only, with the tokens in out.tokens.json)")
      ->required();
  cmd->add_flag("--hidden-states", args->hidden_states,
                "Also write every layer's hidden states [L+1,T,D]");
  add_word_args(cmd, args->words);
  cmd->footer(
      "Example: attnscope extract --model bert-base-uncased --text \"The cat sat.\" -o "
      "cat.safetensors\n"
      "         attnscope extract --model gpt2 --text \"Hello\" --hidden-states -o hello.json\n"
      "         attnscope extract --model gpt2 --text-file texts.txt -o texts.npy   (one file "
      "per line: texts.0.npy, texts.1.npy, ...)\n"
      "With --words, also word_attentions [L,H,W,W] and words (text, start, end, pieces: token "
      "positions) as fields of the JSON or as a tensor and metadata of the .safetensors.");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
