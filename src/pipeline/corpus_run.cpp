#include "pipeline/corpus_run.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "analysis/corpus_stats.hpp"
#include "analysis/dependency_probe.hpp"
#include "analysis/head_distance.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "io/conllu.hpp"
#include "io/safetensors.hpp"
#include "tokenize/token_labels.hpp"

namespace attnscope {

namespace {

// The sentences of a treebank that a shard takes, each kept until its attention has been probed
// (at most one sorting window of them).
class ConlluSource final : public DocumentSource {
 public:
  ConlluSource(const std::filesystem::path& path, Sharding sharding)
      : reader_(path), sharding_(sharding) {}

  std::optional<Document> next() override {
    while (auto sentence = reader_.next()) {
      const std::size_t index = count_++;
      if (sharding_.past_end(index)) return std::nullopt;
      if (!sharding_.keeps(index)) continue;
      Document document{index, sentence->text, std::nullopt, std::nullopt};
      held_.emplace(index, std::move(*sentence));
      return document;
    }
    return std::nullopt;
  }

  io::ConlluSentence take(std::size_t index) {
    auto it = held_.find(index);
    io::ConlluSentence sentence = std::move(it->second);
    held_.erase(it);
    return sentence;
  }

 private:
  io::ConlluReader reader_;
  Sharding sharding_;
  std::size_t count_ = 0;
  std::map<std::size_t, io::ConlluSentence> held_;
};

// Everything a corpus run measures, fed one document at a time.
struct Accumulators {
  analysis::CorpusStatsAccumulator stats;
  analysis::HeadDistanceAccumulator distance;
  analysis::DependencyProbe probe;

  void add(const Attention& attention, const io::ConlluSentence* sentence,
           analysis::FromWord from) {
    stats.add_document(attention);
    distance.add_document(attention);
    if (sentence) probe.add_sentence(attention, *sentence, from);
  }
  void save(analysis::CorpusState& state, bool probing) const {
    stats.save(state);
    distance.save(state);
    if (probing) probe.save(state);
  }
};

// The documents of a batch analysed side by side, each worker into accumulators of its own:
// their sums add up into one state exactly as shards' do.
class ParallelAccumulators {
 public:
  void add(std::span<const CapturedDocument> batch,
           const std::vector<std::optional<io::ConlluSentence>>& sentences,
           analysis::FromWord from) {
    std::exception_ptr failure;
    std::mutex failure_mutex;
    parallel_for(batch.size(), [&](std::size_t begin, std::size_t end) {
      Accumulators* mine = acquire();
      try {
        for (std::size_t i = begin; i < end; ++i)
          mine->add(batch[i].attention, sentences[i] ? &*sentences[i] : nullptr, from);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
      release(mine);
    });
    if (failure) std::rethrow_exception(failure);
  }

  analysis::CorpusState save(bool probing) const {
    analysis::CorpusState state;
    for (const auto& accumulators : all_) {
      analysis::CorpusState part;
      accumulators->save(part, probing);
      state.merge(part);
    }
    return state;
  }

 private:
  Accumulators* acquire() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      all_.push_back(std::make_unique<Accumulators>());
      return all_.back().get();
    }
    Accumulators* accumulators = free_.back();
    free_.pop_back();
    return accumulators;
  }
  void release(Accumulators* accumulators) {
    std::lock_guard lock(mutex_);
    free_.push_back(accumulators);
  }

  std::mutex mutex_;
  std::vector<std::unique_ptr<Accumulators>> all_;
  std::vector<Accumulators*> free_;
};

// Every option that changes the numbers; `corpus merge` refuses parts that differ in any but
// "shard".
std::map<std::string, std::string> run_metadata(const std::string& model,
                                                const std::string& architecture,
                                                Precision precision, const CorpusOptions& options) {
  return {{"model", model},
          {"architecture", architecture},
          {"precision", std::string(precision_name(precision))},
          {"corpus", options.corpus.filename().string()},
          {"corpus_kind", options.conllu ? "conllu" : "text"},
          {"pairs", options.pairs ? "true" : "false"},
          {"bos", options.capture.bos ? "true" : "false"},
          {"truncate", options.capture.truncate ? "true" : "false"},
          {"replace_invalid", options.capture.replace_invalid ? "true" : "false"},
          {"from_word", options.from_word == analysis::FromWord::First ? "first" : "mean"},
          {"max_docs", std::to_string(options.sharding.max_documents)},
          {"shards", std::to_string(options.sharding.shards)},
          {"shard", std::to_string(options.sharding.shard)}};
}

void check_options(const CorpusOptions& options) {
  options.sharding.check();
  if (options.conllu && options.pairs)
    throw UsageError("--pairs joins lines of a --text-file; a treebank's sentences stand alone");
  if (!options.texts.empty() && (options.conllu || options.pairs))
    throw UsageError("texts given directly are plain documents: no treebank, no pairs");
}

// One document stored by `attnscope extract -o X.safetensors`.
Attention read_stored_attention(const std::filesystem::path& path) {
  const io::TensorStore store = io::read_safetensors(path);
  auto meta = [&](const std::string& key) {
    auto it = store.metadata.find(key);
    if (it == store.metadata.end())
      throw Error(path.string() + " has no \"" + key +
                  "\" metadata; give files written by `attnscope extract -o X.safetensors`");
    return it->second;
  };
  Attention a;
  a.model_name = meta("model");
  const std::string architecture = meta("architecture");
  if (architecture != "bert" && architecture != "gpt2")
    throw Error(path.string() + ": unknown architecture \"" + architecture + "\"");
  a.architecture = architecture == "bert" ? Architecture::Bert : Architecture::Gpt2;
  // Files written before --precision existed were all fp32.
  if (auto it = store.metadata.find("precision"); it != store.metadata.end()) {
    if (it->second != "fp32" && it->second != "bf16")
      throw Error(path.string() + ": unknown precision \"" + it->second + "\"");
    a.precision = it->second == "bf16" ? Precision::bf16 : Precision::fp32;
  }
  nlohmann::json tokens;
  try {
    tokens = nlohmann::json::parse(meta("tokens"));
    for (const auto& t : tokens) {
      Token token;
      token.id = t.at("id").get<int32_t>();
      token.piece = t.at("piece").get<std::string>();
      token.display = t.value("display", token.piece);
      token.label = t.value("label", readable_label(token.display));
      token.start = t.at("start").get<int32_t>();
      token.end = t.at("end").get<int32_t>();
      token.special = t.at("special").get<bool>();
      a.tokens.push_back(std::move(token));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string() + ": its \"tokens\" metadata is not a token list (" + e.what() + ")");
  }
  const io::FloatTensor probs = store.f32("attentions");
  const int64_t n = a.n();
  if (probs.shape.size() != 4 || probs.shape[2] != n || probs.shape[3] != n)
    throw Error(path.string() + ": attentions have shape " + io::shape_string(probs.shape) +
                " but the file lists " + std::to_string(n) + " tokens; expected [L, H, n, n]");
  a.layers = static_cast<int>(probs.shape[0]);
  a.heads = static_cast<int>(probs.shape[1]);
  a.probs.assign(probs.data, probs.data + probs.numel());
  return a;
}

std::vector<std::filesystem::path> stored_attention_files(const std::filesystem::path& path) {
  if (!std::filesystem::is_directory(path)) return {path};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path))
    if (entry.is_regular_file() && entry.path().extension() == ".safetensors")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error(path.string() + " holds no .safetensors files");
  return files;
}

}  // namespace

analysis::CorpusStateFile run_corpus(const Pretrained& model, const CorpusOptions& options,
                                     const CorpusProgress& progress) {
  check_options(options);
  StreamOptions stream;
  stream.capture = options.capture;
  stream.batch_size = options.batch_size;
  ParallelAccumulators accumulators;
  std::vector<std::optional<io::ConlluSentence>> sentences;
  auto visit_with = [&](ConlluSource* treebank) {
    return [&, treebank](std::span<CapturedDocument> batch) {
      sentences.assign(batch.size(), std::nullopt);
      if (treebank)
        for (std::size_t i = 0; i < batch.size(); ++i)
          sentences[i] = treebank->take(batch[i].index);
      accumulators.add(batch, sentences, options.from_word);
    };
  };
  if (options.conllu) {
    ConlluSource treebank(options.corpus, options.sharding);
    stream_attention(model, treebank, stream, visit_with(&treebank), progress);
  } else if (!options.texts.empty()) {
    std::vector<Document> documents;
    for (const auto& text : options.texts)
      documents.push_back({documents.size(), text, std::nullopt, std::nullopt});
    VectorSource texts(std::move(documents));
    ShardSource shard(texts, options.sharding);
    stream_attention(model, shard, stream, visit_with(nullptr), progress);
  } else {
    LineSource lines(options.corpus.string(), options.pairs);
    ShardSource shard(lines, options.sharding);
    stream_attention(model, shard, stream, visit_with(nullptr), progress);
  }
  return {accumulators.save(options.conllu),
          run_metadata(model.name, architecture_name(model.model->config().architecture),
                       model.model->precision(), options)};
}

analysis::CorpusStateFile run_corpus_on_attentions(const std::filesystem::path& attentions,
                                                   const CorpusOptions& options,
                                                   const CorpusProgress& progress) {
  check_options(options);
  const auto files = stored_attention_files(attentions);
  std::optional<io::ConlluReader> treebank;
  if (options.conllu) treebank.emplace(options.corpus);
  Accumulators accumulators;
  StreamTotals totals;
  std::string model, architecture;
  Precision precision = Precision::fp32;
  for (std::size_t index = 0; index < files.size(); ++index) {
    std::optional<io::ConlluSentence> sentence;
    if (treebank) {
      sentence = treebank->next();
      if (!sentence)
        throw Error(options.corpus.string() + " has " + std::to_string(index) + " sentences but " +
                    attentions.string() + " holds " + std::to_string(files.size()) +
                    " attention files; give one file per sentence");
    }
    if (options.sharding.past_end(index)) break;
    if (!options.sharding.keeps(index)) continue;
    const Attention attention = read_stored_attention(files[index]);
    if (model.empty()) {
      model = attention.model_name;
      architecture = architecture_name(attention.architecture);
      precision = attention.precision;
    }
    accumulators.add(attention, sentence ? &*sentence : nullptr, options.from_word);
    ++totals.documents;
    totals.tokens += attention.n();
    if (progress) progress(totals);
  }
  if (totals.documents == 0) throw Error(attentions.string() + ": this shard has no documents");
  analysis::CorpusState state;
  accumulators.save(state, options.conllu);
  return {std::move(state), run_metadata(model, architecture, precision, options)};
}

std::size_t count_corpus_documents(const CorpusOptions& options) {
  if (options.corpus == "-") return 0;
  std::ifstream in(options.corpus);
  if (!in) return 0;
  std::size_t documents = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const bool text_comment = line.rfind("# text =", 0) == 0 || line.rfind("# text=", 0) == 0;
    if (options.conllu ? text_comment : !line.empty()) ++documents;
  }
  if (options.pairs) documents /= 2;
  const Sharding& s = options.sharding;
  if (s.max_documents) documents = std::min(documents, s.max_documents);
  return documents / s.shards + (s.shard < documents % s.shards ? 1 : 0);
}

}  // namespace attnscope
