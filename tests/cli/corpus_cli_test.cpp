// End-to-end tests of `attnscope corpus` and `corpus merge`: the binary on the fixture models and
// an excerpt of en_ewt, its stats.json and probe.json recomputed independently from `extract`
// outputs (corpus_reference), shards against the single run, and its refusals of bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "corpus_reference.hpp"
#include "io/conllu.hpp"
#include "io/json_file.hpp"
#include "io/safetensors.hpp"
#include "render_run.hpp"
#include "support/fixtures.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;
using test::run_attnscope;

constexpr int kExcerptSentences = 8;

const std::vector<std::string> kTexts = {"The cat sat on the mat.",
                                         "Dogs bark, cats purr.",
                                         "A quick brown fox jumps over the lazy dog.",
                                         "Hello world, again and again.",
                                         "Attention heads look at the previous token.",
                                         "Short one."};

std::string model(const std::string& name) { return test::model_fixture(name).string(); }

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string lines(const std::vector<std::string>& texts) {
  std::string joined;
  for (const auto& text : texts) joined += text + "\n";
  return joined;
}

// The first `sentences` sentence blocks of en_ewt's dev set, copied whole.
fs::path write_excerpt(const fs::path& dir, int sentences = kExcerptSentences) {
  std::ifstream in(test::shared_dir() / "data" / "ud" / "en_ewt-ud-dev.conllu");
  std::string line, excerpt;
  int blocks = 0;
  while (blocks < sentences && std::getline(in, line)) {
    excerpt += line + "\n";
    if (line.empty()) ++blocks;
  }
  EXPECT_EQ(blocks, sentences);
  const fs::path path = dir / "excerpt.conllu";
  write_text(path, excerpt);
  return path;
}

std::vector<io::ConlluSentence> read_sentences(const fs::path& path) {
  io::ConlluReader reader(path);
  std::vector<io::ConlluSentence> sentences;
  while (auto sentence = reader.next()) sentences.push_back(std::move(*sentence));
  return sentences;
}

std::vector<std::string> texts_of(const std::vector<io::ConlluSentence>& sentences) {
  std::vector<std::string> texts;
  for (const auto& sentence : sentences) texts.push_back(sentence.text);
  return texts;
}

// `attnscope extract` of every text, each into its own file, read back.
std::vector<test::StoredDocument> extract_each(const std::string& model_name,
                                               const std::vector<std::string>& texts,
                                               const fs::path& dir) {
  std::vector<test::StoredDocument> documents;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const fs::path file = dir / ("doc-" + std::to_string(i) + ".safetensors");
    const auto result = run_attnscope(
        {"extract", "--model", model(model_name), "--text", texts[i], "-o", file.string()}, dir);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    documents.push_back(test::read_extracted(file));
  }
  return documents;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void run_ok(const std::vector<std::string>& args, const fs::path& cwd) {
  const auto result = run_attnscope(args, cwd);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

void expect_stats(const nlohmann::json& stats, const test::Metrics& expected, double documents) {
  EXPECT_EQ(stats.at("docs").get<double>(), documents);
  std::set<std::string> names, expected_names;
  for (const auto& [name, grid] : stats.at("metrics").items()) names.insert(name);
  for (const auto& [name, grid] : expected) expected_names.insert(name);
  EXPECT_EQ(names, expected_names);
  for (const auto& [name, grid] : expected) {
    const auto& actual = stats.at("metrics").at(name);
    ASSERT_EQ(actual.size(), grid.size()) << name;
    for (std::size_t layer = 0; layer < grid.size(); ++layer) {
      ASSERT_EQ(actual[layer].size(), grid[layer].size()) << name;
      for (std::size_t head = 0; head < grid[layer].size(); ++head)
        EXPECT_NEAR(actual[layer][head].get<double>(), grid[layer][head], 1e-6)
            << name << " L" << layer << "H" << head;
    }
  }
}

// Best head: highest accuracy, among equals dep_to_head, then the lower layer, then head.
nlohmann::json expected_best(const test::RelationHits& hits) {
  nlohmann::json best;
  double best_accuracy = -1;
  for (const char* direction : {"dep_to_head", "head_to_dep"}) {
    const auto& grid =
        std::string(direction) == "dep_to_head" ? hits.dep_to_head : hits.head_to_dep;
    for (std::size_t layer = 0; layer < grid.size(); ++layer)
      for (std::size_t head = 0; head < grid[layer].size(); ++head) {
        const double accuracy = static_cast<double>(grid[layer][head]) / hits.count;
        if (accuracy > best_accuracy) {
          best_accuracy = accuracy;
          best = {
              {"layer", layer}, {"head", head}, {"direction", direction}, {"accuracy", accuracy}};
        }
      }
  }
  return best;
}

void expect_probe(const nlohmann::json& probe, const test::ReferenceProbe& expected) {
  EXPECT_EQ(probe.at("sentences").get<int>(), expected.sentences);
  EXPECT_EQ(probe.at("skipped_sentences").get<int>(), expected.skipped);
  EXPECT_EQ(probe.at("words").get<int>(), expected.words);
  std::set<std::string> names, expected_names;
  for (const auto& [name, entry] : probe.at("relations").items()) names.insert(name);
  for (const auto& [name, hits] : expected.relations) expected_names.insert(name);
  EXPECT_EQ(names, expected_names);
  for (const auto& [name, hits] : expected.relations) {
    SCOPED_TRACE(name);
    const auto& entry = probe.at("relations").at(name);
    EXPECT_EQ(entry.at("count").get<int>(), hits.count);
    for (const char* direction : {"dep_to_head", "head_to_dep"}) {
      const auto& grid =
          std::string(direction) == "dep_to_head" ? hits.dep_to_head : hits.head_to_dep;
      const auto& actual = entry.at("accuracy").at(direction);
      ASSERT_EQ(actual.size(), grid.size());
      for (std::size_t layer = 0; layer < grid.size(); ++layer)
        for (std::size_t head = 0; head < grid[layer].size(); ++head)
          EXPECT_EQ(actual.at(layer).at(head).get<double>(),
                    static_cast<double>(grid[layer][head]) / hits.count)
              << direction << " L" << layer << "H" << head;
    }
    const nlohmann::json best = expected_best(hits);
    EXPECT_EQ(entry.at("best"), best);
    int best_offset = 0, best_hits = -1;
    for (int offset : {-3, -2, -1, 1, 2, 3})
      if (hits.baseline.at(offset) > best_hits)
        best_offset = offset, best_hits = hits.baseline.at(offset);
    EXPECT_EQ(entry.at("baseline").at("offset").get<int>(), best_offset);
    EXPECT_EQ(entry.at("baseline").at("accuracy").get<double>(),
              static_cast<double>(best_hits) / hits.count);
  }
}

// ---- the fixture models, recomputed from extract -----------------------------------------------

class CorpusOnModel : public testing::TestWithParam<std::string> {};

TEST_P(CorpusOnModel, TextFileStatsMatchTheirRecomputationFromExtract) {
  const fs::path dir = test::fresh_dir("corpus-text-" + GetParam());
  write_text(dir / "texts.txt", lines(kTexts));
  run_ok({"corpus", "--model", model(GetParam()), "--text-file", "texts.txt", "-o", "out"}, dir);
  const auto documents = extract_each(GetParam(), kTexts, dir);
  expect_stats(read_json(dir / "out" / "stats.json"), test::reference_stats(documents),
               kTexts.size());
  EXPECT_FALSE(fs::exists(dir / "out" / "probe.json"));
  for (const char* file : {"distance.json", "stats.png", "stats.svg", "head_map.png",
                           "head_map.svg", "state.safetensors"})
    EXPECT_GT(fs::file_size(dir / "out" / file), 0u) << file;
}

TEST_P(CorpusOnModel, TreebankStatsAndProbeMatchTheirRecomputationFromExtract) {
  const fs::path dir = test::fresh_dir("corpus-conllu-" + GetParam());
  const fs::path excerpt = write_excerpt(dir);
  run_ok({"corpus", "--model", model(GetParam()), "--conllu", excerpt.string(), "--min-count", "1",
          "-o", "out"},
         dir);
  const auto sentences = read_sentences(excerpt);
  ASSERT_EQ(sentences.size(), static_cast<std::size_t>(kExcerptSentences));
  for (const auto& sentence : sentences)
    for (char c : sentence.text) ASSERT_LT(static_cast<unsigned char>(c), 0x80) << sentence.text;
  const auto documents = extract_each(GetParam(), texts_of(sentences), dir);
  expect_stats(read_json(dir / "out" / "stats.json"), test::reference_stats(documents),
               kExcerptSentences);
  const test::ReferenceProbe expected = test::reference_probe(documents, sentences);
  EXPECT_GT(expected.relations.at("all").count, 100);
  expect_probe(read_json(dir / "out" / "probe.json"), expected);
  for (const char* file : {"probe.png", "probe.svg"})
    EXPECT_GT(fs::file_size(dir / "out" / file), 0u) << file;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CorpusOnModel, testing::Values("tiny-bert", "tiny-gpt2"),
                         [](const auto& info) {
                           return info.param == "tiny-bert" ? "Bert" : "Gpt2";
                         });

// ---- stored attentions ------------------------------------------------------------------------

// Layer 0 head 0 of every file puts each word's attention on its gold head (the root on itself);
// every other head is uniform. One piece per word, spanning the word.
void write_gold_head_attentions(const std::vector<io::ConlluSentence>& sentences,
                                const fs::path& dir) {
  constexpr int kLayers = 2, kHeads = 3;
  fs::create_directories(dir);
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const auto& sentence = sentences[s];
    const auto spans = test::word_spans(sentence);
    const int n = static_cast<int>(spans.size());
    std::vector<float> probs(static_cast<std::size_t>(kLayers) * kHeads * n * n, 1.0f / n);
    for (int i = 0; i < n; ++i) {
      const int head = sentence.words[i].head;
      for (int j = 0; j < n; ++j) probs[i * n + j] = j == (head == 0 ? i : head - 1) ? 1.0f : 0.0f;
    }
    auto tokens = nlohmann::json::array();
    for (int i = 0; i < n; ++i)
      tokens.push_back({{"id", 1000 + i},
                        {"piece", sentence.words[i].form},
                        {"start", spans[i].start},
                        {"end", spans[i].end},
                        {"special", false}});
    io::SafetensorsWriter writer;
    writer.add_f32("attentions", {kLayers, kHeads, n, n}, probs);
    writer.metadata = {
        {"model", "gold-heads"}, {"architecture", "bert"}, {"tokens", io::json_text(tokens)}};
    // Read in name order: a single digit suffices for the excerpt's sentences.
    writer.write(dir / ("sentence-" + std::to_string(s) + ".safetensors"));
  }
}

TEST(CorpusCli, StoredGoldHeadAttentionIsTheBestHeadForEveryRelation) {
  const fs::path dir = test::fresh_dir("corpus-gold-heads");
  const fs::path excerpt = write_excerpt(dir);
  const auto sentences = read_sentences(excerpt);
  write_gold_head_attentions(sentences, dir / "attentions");
  run_ok({"corpus", "--attentions", "attentions", "--conllu", excerpt.string(), "--min-count", "1",
          "-o", "out"},
         dir);
  const auto probe = read_json(dir / "out" / "probe.json");
  EXPECT_EQ(probe.at("model"), "gold-heads");
  EXPECT_EQ(probe.at("sentences"), kExcerptSentences);
  std::set<std::string> relations = {"all"}, reported;
  for (const auto& sentence : sentences)
    for (const auto& word : sentence.words) {
      const std::string relation = word.deprel.substr(0, word.deprel.find(':'));
      if (relation != "root" && relation != "punct") relations.insert(relation);
    }
  for (const auto& [name, entry] : probe.at("relations").items()) {
    reported.insert(name);
    const nlohmann::json best = {
        {"layer", 0}, {"head", 0}, {"direction", "dep_to_head"}, {"accuracy", 1.0}};
    EXPECT_EQ(entry.at("best"), best) << name;
    EXPECT_EQ(entry.at("accuracy").at("dep_to_head")[0][0], 1.0) << name;
  }
  EXPECT_EQ(reported, relations);
  EXPECT_EQ(read_json(dir / "out" / "stats.json").at("docs"), kExcerptSentences);
}

// ---- shards -----------------------------------------------------------------------------------

// Every number of `actual` within `relative` of `expected`'s, keys `skip` left out.
void expect_numbers_near(const nlohmann::json& actual, const nlohmann::json& expected,
                         double relative, const std::set<std::string>& skip,
                         const std::string& where = "") {
  ASSERT_EQ(actual.type(), expected.type()) << where;
  if (expected.is_object()) {
    ASSERT_EQ(actual.size(), expected.size()) << where;
    for (const auto& [key, value] : expected.items())
      if (!skip.count(key))
        expect_numbers_near(actual.at(key), value, relative, skip, where + "/" + key);
  } else if (expected.is_array()) {
    ASSERT_EQ(actual.size(), expected.size()) << where;
    for (std::size_t i = 0; i < expected.size(); ++i)
      expect_numbers_near(actual[i], expected[i], relative, skip, where + "/" + std::to_string(i));
  } else if (expected.is_number()) {
    const double a = actual.get<double>(), e = expected.get<double>();
    EXPECT_LE(std::abs(a - e), relative * std::abs(e)) << where << ": " << a << " vs " << e;
  } else {
    EXPECT_EQ(actual, expected) << where;
  }
}

void run_shards(const std::vector<std::string>& args, int shards, const fs::path& dir) {
  for (int k = 0; k < shards; ++k) {
    auto shard_args = args;
    for (const auto& extra :
         {std::string("--shard"), std::to_string(k) + "/" + std::to_string(shards),
          std::string("-o"), "shard-" + std::to_string(k)})
      shard_args.push_back(extra);
    run_ok(shard_args, dir);
  }
}

TEST(CorpusCli, MergedShardsEqualTheSingleRun) {
  const fs::path dir = test::fresh_dir("corpus-shards");
  const fs::path excerpt = write_excerpt(dir);
  const std::vector<std::string> args = {
      "corpus",    "--model", model("tiny-bert"), "--conllu", excerpt.string(), "--batch", "1",
      "--threads", "1",       "--min-count",      "1"};
  auto single = args;
  single.insert(single.end(), {"-o", "single"});
  run_ok(single, dir);
  run_shards(args, 3, dir);
  run_ok({"corpus", "merge", "shard-0", "shard-1", "shard-2", "--min-count", "1", "-o", "merged"},
         dir);
  EXPECT_EQ(read_json(dir / "merged" / "probe.json"), read_json(dir / "single" / "probe.json"));
  expect_numbers_near(read_json(dir / "merged" / "stats.json"),
                      read_json(dir / "single" / "stats.json"), 1e-12, {});
  const auto merged = read_json(dir / "merged" / "distance.json");
  const auto whole = read_json(dir / "single" / "distance.json");
  expect_numbers_near(merged, whole, 1e-12, {"mds", "stress"});
  // The map is MDS of the summed divergences: equal sums (as the shards' sums are today, in one
  // thread) must give the very same map; sums that differ in the last bits a map close to it.
  if (merged.at("js") == whole.at("js")) {
    EXPECT_EQ(merged.at("mds"), whole.at("mds"));
    EXPECT_EQ(merged.at("stress"), whole.at("stress"));
  } else {
    expect_numbers_near(merged.at("mds"), whole.at("mds"), 1e-9, {});
    expect_numbers_near(merged.at("stress"), whole.at("stress"), 1e-9, {});
  }
  for (int k = 0; k < 3; ++k)
    EXPECT_EQ(read_json(dir / ("shard-" + std::to_string(k)) / "stats.json").at("docs"),
              k < 2 ? 3 : 2);
}

TEST(CorpusCli, MaxDocsShardsTakeTheSameDocumentsAsOneRun) {
  const fs::path dir = test::fresh_dir("corpus-max-docs");
  std::vector<std::string> texts;
  for (int i = 0; i < 14; ++i)
    texts.push_back("Line number " + std::to_string(i) + " has " + std::string(i % 4 + 1, 'x') +
                    " in it.");
  write_text(dir / "texts.txt", lines(texts));
  const std::vector<std::string> args = {"corpus",      "--model",   model("tiny-bert"),
                                         "--text-file", "texts.txt", "--max-docs",
                                         "10",          "--batch",   "1",
                                         "--threads",   "1"};
  auto single = args;
  single.insert(single.end(), {"-o", "single"});
  run_ok(single, dir);
  run_shards(args, 3, dir);
  double documents = 0;
  for (int k = 0; k < 3; ++k)
    documents +=
        read_json(dir / ("shard-" + std::to_string(k)) / "stats.json").at("docs").get<double>();
  EXPECT_EQ(documents, 10);
  run_ok({"corpus", "merge", "shard-2", "shard-0", "shard-1", "-o", "merged"}, dir);
  const auto whole = read_json(dir / "single" / "stats.json");
  EXPECT_EQ(whole.at("docs"), 10);
  expect_numbers_near(read_json(dir / "merged" / "stats.json"), whole, 1e-12, {});
}

// ---- refusals ---------------------------------------------------------------------------------

// `attnscope args` fails with exit code `code` and one line of error containing `message`,
// leaving `untouched` as it was (absent, or with the same files).
void expect_refused(const std::vector<std::string>& args, const fs::path& cwd, int code,
                    const std::string& message, const fs::path& untouched) {
  SCOPED_TRACE(args.back());
  const bool existed = fs::exists(untouched);
  std::set<std::string> before;
  if (existed)
    for (const auto& entry : fs::directory_iterator(untouched))
      before.insert(entry.path().string());
  const auto result = run_attnscope(args, cwd);
  EXPECT_EQ(result.exit_code, code) << result.err;
  EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(fs::exists(untouched), existed);
  if (existed) {
    std::set<std::string> after;
    for (const auto& entry : fs::directory_iterator(untouched)) after.insert(entry.path().string());
    EXPECT_EQ(after, before);
  }
}

TEST(CorpusCli, MergeRefusesPartsOfDifferentRuns) {
  const fs::path dir = test::fresh_dir("corpus-merge-refusals");
  write_text(dir / "texts.txt", lines(kTexts));
  auto shard = [&](const std::string& model_name, const std::string& spec, const std::string& out,
                   const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"corpus",      "--model",   model(model_name),
                                     "--text-file", "texts.txt", "--shard",
                                     spec,          "-o",        out};
    args.insert(args.end(), extra.begin(), extra.end());
    run_ok(args, dir);
  };
  shard("tiny-bert", "0/2", "bert-0");
  shard("tiny-bert", "1/2", "bert-1");
  shard("tiny-gpt2", "1/2", "gpt2-1");
  shard("tiny-bert", "1/2", "first-1", {"--from-word", "first"});
  fs::create_directories(dir / "empty");
  auto merge = [](std::vector<std::string> parts) {
    parts.insert(parts.begin(), {"corpus", "merge"});
    parts.insert(parts.end(), {"-o", "out"});
    return parts;
  };
  expect_refused(merge({"bert-0", "gpt2-1"}), dir, 1, "architecture differs (gpt2 vs bert)",
                 dir / "out");
  expect_refused(merge({"bert-0", "first-1"}), dir, 1, "from_word differs (first vs mean)",
                 dir / "out");
  expect_refused(merge({"bert-0"}), dir, 1, "shard 1/2 is missing", dir / "out");
  expect_refused(merge({"bert-0", "bert-0", "bert-1"}), dir, 1, "given twice", dir / "out");
  expect_refused(merge({"bert-0", "empty"}), dir, 1, "empty holds no state.safetensors",
                 dir / "out");
  expect_refused(merge({"bert-0", "nowhere"}), dir, 1, "nowhere holds no state.safetensors",
                 dir / "out");
  // An earlier merge's folder stays as it was.
  run_ok(merge({"bert-0", "bert-1"}), dir);
  const std::string stats = test::slurp(dir / "out" / "stats.json");
  expect_refused(merge({"bert-0", "gpt2-1"}), dir, 1, "architecture differs (gpt2 vs bert)",
                 dir / "out");
  EXPECT_EQ(test::slurp(dir / "out" / "stats.json"), stats);
}

// A well-formed three-word sentence, for breaking one piece at a time.
const char* kGoodSentence =
    "# text = Dogs bark loudly.\n"
    "1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n"
    "3\tloudly\tloudly\tADV\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No\n"
    "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

TEST(CorpusCli, MalformedTreebankIsNamedByFileAndLineAndNothingIsWritten) {
  const fs::path dir = test::fresh_dir("corpus-bad-conllu");
  struct Case {
    std::string name, sentence;
    int line;  // the line of the file that the message names
  };
  const std::vector<Case> cases = {
      {"missing-columns",
       "# text = Cats sleep.\n1\tCats\tcat\tNOUN\n2\tsleep\tsleep\tVERB\tVBP\t_\t0\troot\t_\t_\n",
       8},
      {"head-out-of-range",
       "# text = Cats "
       "sleep.\n1\tCats\tcat\tNOUN\tNNS\t_\t7\tnsubj\t_\t_\n2\tsleep\tsleep\tVERB\tVBP\t_"
       "\t0\troot\t_\t_\n",
       8},
      {"cycle",
       "# text = Cats sleep "
       "now.\n1\tCats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tsleep\tsleep\tVERB\tVBP\t_\t1\tdep\t_"
       "\t_\n3\tnow\tnow\tADV\tRB\t_\t0\troot\t_\t_\n",
       8},
      {"text-without-words",
       "# text = Cats "
       "sleep.\n1\tCats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tsnore\tsnore\tVERB\tVBP\t_"
       "\t0\troot\t_\t_\n",
       9},
  };
  for (const Case& c : cases) {
    const fs::path file = dir / (c.name + ".conllu");
    write_text(file, std::string(kGoodSentence) + c.sentence + "\n");
    const auto result = run_attnscope(
        {"corpus", "--model", model("tiny-bert"), "--conllu", file.string(), "-o", c.name}, dir);
    SCOPED_TRACE(c.name);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(file.string() + ":" + std::to_string(c.line) + ": "),
              std::string::npos)
        << result.err;
    EXPECT_TRUE(!fs::exists(dir / c.name) || fs::is_empty(dir / c.name));
  }
}

TEST(CorpusCli, UsageErrorsExitTwoAndOddPairsExitOne) {
  const fs::path dir = test::fresh_dir("corpus-usage");
  write_text(dir / "texts.txt", lines(kTexts));
  write_text(dir / "odd.txt", "one line\ntwo lines\nthree lines\n");
  const fs::path excerpt = write_excerpt(dir, 2);
  const std::string tiny_bert = model("tiny-bert");
  expect_refused({"corpus", "--model", tiny_bert, "--text-file", "texts.txt", "--conllu",
                  excerpt.string(), "-o", "out"},
                 dir, 2, "exactly one of --text-file F and --conllu F", dir / "out");
  expect_refused({"corpus", "--model", tiny_bert, "-o", "out"}, dir, 2,
                 "exactly one of --text-file F and --conllu F", dir / "out");
  expect_refused(
      {"corpus", "--model", tiny_bert, "--text-file", "texts.txt", "--shard", "3/3", "-o", "out"},
      dir, 2, "--shard K/N needs 0 <= K < N, got 3/3", dir / "out");
  expect_refused({"corpus", "--model", tiny_bert, "--text-file", "odd.txt", "--pairs", "-o", "out"},
                 dir, 1, "--pairs needs an even number", dir / "out");
}

}  // namespace
}  // namespace attnscope
