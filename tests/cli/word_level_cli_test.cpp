// End to end: --words on head, layer and extract. Figures label their cells with the text's
// words (a word the tokenizer splits is one label), and extract's word attentions are the
// token-level ones of the same file merged: summed over a key word's pieces, averaged over (or
// taken from the first of) a query word's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "io/safetensors.hpp"
#include "render_run.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

const std::string kText = "An unaffordable house, isn't it?";
// As BERT splits plain text: at whitespace, and each punctuation mark a word of its own.
const std::vector<std::string> kWords = {"An", "unaffordable", "house", ",", "isn", "'",
                                         "t",  "it",           "?"};

std::string bert() { return model_fixture("tiny-bert").string(); }
std::string gpt2() { return model_fixture("tiny-gpt2").string(); }

// Every <text> of an SVG, in drawing order, unescaped enough for these words.
std::vector<std::string> svg_texts(const std::string& svg) {
  std::vector<std::string> texts;
  const std::regex text_item("<text[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_item);
       it != std::sregex_iterator(); ++it) {
    std::string text = (*it)[1];
    for (auto [escaped, plain] : {std::pair{"&apos;", "'"}, {"&#39;", "'"}, {"&quot;", "\""}})
      for (std::size_t p; (p = text.find(escaped)) != std::string::npos;)
        text.replace(p, std::string(escaped).size(), plain);
    texts.push_back(text);
  }
  return texts;
}

// The texts that label cells: all but titles, axis names, the colorbar and the footnote.
std::vector<std::string> cell_labels(const std::vector<std::string>& texts) {
  const std::regex figure_text(
      R"(Layer \d.*|Head \d|tiny-.* - Layer .*|Key Tokens|Query Tokens|Attention Weight|\d\.\d|word level: .*|Grey: .*)");
  std::vector<std::string> labels;
  for (const auto& text : texts)
    if (!std::regex_match(text, figure_text)) labels.push_back(text);
  return labels;
}

std::vector<std::string> repeated(const std::vector<std::string>& words, int times) {
  std::vector<std::string> all;
  for (int i = 0; i < times; ++i) all.insert(all.end(), words.begin(), words.end());
  return all;
}

bool contains(const std::vector<std::string>& texts, const std::string& text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

TEST(WordLevelCli, HeadLabelsTheWordsAndSaysHowTheyMerge) {
  const auto dir = fresh_dir("words_head");
  RunResult tokens = run_attnscope(
      {"head", "-m", bert(), "-t", kText, "--layer", "1", "--head", "2", "-o", "tokens.svg"}, dir);
  ASSERT_EQ(tokens.exit_code, 0) << tokens.err;
  const auto token_texts = svg_texts(slurp(dir / "tokens.svg"));
  ASSERT_TRUE(contains(token_texts, "##ff")) << "the tokenizer splits 'unaffordable'";

  for (const std::string from : {"mean", "first"}) {
    RunResult r = run_attnscope({"head", "-m", bert(), "-t", kText, "--layer", "1", "--head", "2",
                                 "--words", "--from-word", from, "-o", from + ".svg"},
                                dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto texts = svg_texts(slurp(dir / (from + ".svg")));
    // The query labels down the side, then the key labels along the bottom: the words.
    EXPECT_EQ(cell_labels(texts), repeated(kWords, 2)) << from;
    EXPECT_TRUE(contains(texts, "Layer 1, Head 2"));
    EXPECT_TRUE(contains(texts, std::string("word level: to = sum over pieces, from = ") +
                                    (from == "mean" ? "mean over pieces" : "first piece") +
                                    "; special tokens dropped"))
        << from;
  }
}

TEST(WordLevelCli, LayerLabelsTheWordsOfEachPanel) {
  const auto dir = fresh_dir("words_layer");
  RunResult r = run_attnscope(
      {"layer", "-m", bert(), "-t", kText, "--layer", "0", "--words", "--format", "svg"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Its own default name, beside the token-level figure's.
  const auto texts = svg_texts(slurp(dir / "tiny-bert_layer0_all_heads_words.svg"));
  // One row of four heads: query labels once on the left, key labels under every panel.
  EXPECT_EQ(cell_labels(texts), repeated(kWords, 5));
  EXPECT_TRUE(contains(texts, "tiny-bert - Layer 0 - All Attention Heads"));

  // GPT-2's "'t" is one token across two of those words: they become one word.
  r = run_attnscope({"layer", "-m", gpt2(), "-t", kText, "--layer", "0", "--words", "-o", "g.svg"},
                    dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(cell_labels(svg_texts(slurp(dir / "g.svg"))),
            repeated({"An", "unaffordable", "house", ",", "isn", "'t", "it", "?"}, 5));
}

TEST(WordLevelCli, ASentencePairShowsTheWordsOfBothTexts) {
  const auto dir = fresh_dir("words_pair");
  RunResult r =
      run_attnscope({"head", "-m", bert(), "-t", "The cat purred.", "--text-pair", "Unaffordable!",
                     "--layer", "0", "--head", "0", "--words", "-o", "pair.svg"},
                    dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(cell_labels(svg_texts(slurp(dir / "pair.svg"))),
            repeated({"The", "cat", "purred", ".", "Unaffordable", "!"}, 2));
}

// extract's JSON, parsed.
nlohmann::json extract_json(const std::filesystem::path& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"extract", "-m", bert(), "-t", kText, "-o", "x.json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = run_attnscope(args, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(slurp(dir / "x.json"));
}

// The word attentions of `layer` and `head` recomputed from the file's token attentions.
std::vector<std::vector<double>> merged(const nlohmann::json& out, int layer, int head,
                                        const std::string& from) {
  const auto& a = out["attentions"][layer][head];
  const auto& words = out["words"];
  std::vector<std::vector<double>> m(words.size(), std::vector<double>(words.size()));
  for (std::size_t q = 0; q < words.size(); ++q) {
    const auto& rows = words[q]["pieces"];
    const std::size_t count = from == "first" ? 1 : rows.size();
    for (std::size_t k = 0; k < words.size(); ++k) {
      double sum = 0;
      for (std::size_t r = 0; r < count; ++r)
        for (int key : words[k]["pieces"]) sum += a[rows[r].get<int>()][key].get<double>();
      m[q][k] = sum / static_cast<double>(count);
    }
  }
  return m;
}

TEST(WordLevelCli, ExtractWritesWordAttentionsMergedFromItsTokenOnes) {
  const auto dir = fresh_dir("words_extract");
  const nlohmann::json plain = extract_json(dir, {});
  for (const std::string from : {"mean", "first"}) {
    const nlohmann::json out = extract_json(dir, {"--words", "--from-word", from});
    // The token-level part is what it is without --words.
    for (const char* key : {"tokens", "input_ids", "attentions", "hidden_last"})
      EXPECT_EQ(out[key], plain[key]) << key;
    EXPECT_EQ(out["from_word"], from);
    // Each word: its text, its span, and as pieces the tokens that start inside it.
    const auto& tokens = out["tokens"];
    ASSERT_EQ(out["words"].size(), kWords.size());
    for (std::size_t w = 0; w < kWords.size(); ++w) {
      const auto& word = out["words"][w];
      EXPECT_EQ(word["text"], kWords[w]);
      EXPECT_EQ(kText.substr(word["start"], word["end"].get<int>() - word["start"].get<int>()),
                kWords[w]);
      std::vector<int> pieces;
      for (int t = 0; t < static_cast<int>(tokens.size()); ++t)
        if (!tokens[t]["special"] && tokens[t]["start"] >= word["start"] &&
            tokens[t]["start"] < word["end"])
          pieces.push_back(t);
      EXPECT_EQ(word["pieces"].get<std::vector<int>>(), pieces) << kWords[w];
      EXPECT_FALSE(word.contains("segment")) << "one text";
    }
    EXPECT_EQ(out["words"][1]["pieces"].size(), 4u) << "una ##ff ##ord ##able";

    const auto& word_attentions = out["word_attentions"];
    ASSERT_EQ(word_attentions.size(), 3u);
    double worst = 0;
    for (int layer = 0; layer < 3; ++layer) {
      ASSERT_EQ(word_attentions[layer].size(), 4u);
      for (int head = 0; head < 4; ++head) {
        const auto expected = merged(out, layer, head, from);
        ASSERT_EQ(word_attentions[layer][head].size(), kWords.size());
        for (std::size_t q = 0; q < kWords.size(); ++q)
          for (std::size_t k = 0; k < kWords.size(); ++k)
            worst = std::max(worst, std::fabs(word_attentions[layer][head][q][k].get<double>() -
                                              expected[q][k]));
      }
    }
    EXPECT_LE(worst, 1e-6) << from;
    // Specials dropped: a word's row sums to 1 less what its pieces gave [CLS] and [SEP].
    const auto& a = out["attentions"][0][0];
    const int last = static_cast<int>(tokens.size()) - 1;
    for (std::size_t q = 0; q < kWords.size(); ++q) {
      const auto& rows = out["words"][q]["pieces"];
      const std::size_t count = from == "first" ? 1 : rows.size();
      double to_specials = 0;
      for (std::size_t r = 0; r < count; ++r)
        to_specials +=
            a[rows[r].get<int>()][0].get<double>() + a[rows[r].get<int>()][last].get<double>();
      double row = 0;
      for (const auto& value : word_attentions[0][0][q]) row += value.get<double>();
      EXPECT_GT(to_specials, 0);
      EXPECT_NEAR(row, 1 - to_specials / static_cast<double>(count), 1e-5) << kWords[q];
    }
  }
}

TEST(WordLevelCli, ExtractSafetensorsCarriesTheWordsToo) {
  const auto dir = fresh_dir("words_safetensors");
  RunResult r = run_attnscope({"extract", "-m", bert(), "-t", kText, "--text-pair", "Yes.",
                               "--words", "-o", "x.safetensors"},
                              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_attnscope(
      {"extract", "-m", bert(), "-t", kText, "--text-pair", "Yes.", "--words", "-o", "x.json"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(slurp(dir / "x.json"));
  const std::string bytes = slurp(dir / "x.safetensors");
  const auto header = io::parse_safetensors_header(std::as_bytes(std::span(bytes)), "x");
  EXPECT_EQ(nlohmann::json::parse(header.metadata.at("words")), json["words"]);
  EXPECT_EQ(header.metadata.at("from_word"), "mean");
  // The second text's words follow the first's, spans counted in their own text.
  const auto& words = json["words"];
  ASSERT_EQ(words.size(), kWords.size() + 2);
  EXPECT_EQ(words[kWords.size()]["text"], "Yes");
  EXPECT_EQ(words[kWords.size()]["start"], 0);
  EXPECT_EQ(words[kWords.size()]["segment"], 1);
  EXPECT_EQ(words[0]["segment"], 0);

  const auto store = io::read_safetensors(dir / "x.safetensors");
  const int w = static_cast<int>(words.size());
  EXPECT_EQ(store.info("word_attentions").shape, (std::vector<int64_t>{3, 4, w, w}));
  const auto values = store.to_f32("word_attentions");
  double worst = 0;
  for (int layer = 0; layer < 3; ++layer)
    for (int head = 0; head < 4; ++head)
      for (int q = 0; q < w; ++q)
        for (int k = 0; k < w; ++k)
          worst =
              std::max(worst, std::fabs(values[((layer * 4 + head) * w + q) * w + k] -
                                        json["word_attentions"][layer][head][q][k].get<double>()));
  EXPECT_LE(worst, 1e-6) << "two runs: the same up to the threads' summation order";
  EXPECT_TRUE(store.contains("attentions"));
}

TEST(WordLevelCli, BadCombinationsAreOneLineAndWriteNothing) {
  const auto dir = fresh_dir("words_errors");
  const std::vector<FailingRun> cases = {
      {{"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "0", "--from-word", "first",
        "-o", "x.svg"},
       2,
       "--from-word requires --words"},
      {{"layer", "-m", bert(), "-t", kText, "--layer", "0", "--words", "--from-word", "last", "-o",
        "x.svg"},
       2,
       "--from-word: last not in {mean,first}"},
      {{"extract", "-m", bert(), "-t", kText, "--words", "-o", "x.npy"},
       2,
       "--words needs .safetensors or .json output"},
      {{"extract", "-m", bert(), "-t", kText, "--hidden-states", "-o", "x.npy"},
       2,
       "--hidden-states needs .safetensors or .json output"},
      {{"extract", "-m", bert(), "--ids", "101,2019,102", "--words", "-o", "x.json"},
       2,
       "--words needs --text"},
      {{"extract", "-m", bert(), "-t", kText, "--from-word", "mean", "-o", "x.json"},
       2,
       "--from-word requires --words"},
      {{"head", "-m", bert(), "-t", "[SEP]", "--layer", "0", "--head", "0", "--words", "-o",
        "x.svg"},
       1,
       "the text has no word for word-level attention"},
  };
  expect_one_line_failures(cases, dir);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace attnscope::test
