// Every free-text option reaches the tokenizer byte for byte: brackets, commas, leading dashes,
// '=' and quotes are the user's text, not command-line syntax (CLI11 once read "[a, b]" as two
// texts and dropped the brackets of "[via x ]").
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "render_run.hpp"
#include "support/fixtures.hpp"
#include "tokenize/tokenizer.hpp"

namespace attnscope {
namespace {

using nlohmann::json;

const Tokenizer& bert() {
  static const auto tokenizer = Tokenizer::load(test::model_fixture("tiny-bert"), "bert");
  return *tokenizer;
}

std::string bert_model() { return test::model_fixture("tiny-bert").string(); }

// How a user types a text: one or two shell words, and the text the command must see.
struct TypedText {
  std::vector<std::string> words;
  std::string text;
};

std::vector<TypedText> typed_texts(const std::string& option) {
  const std::vector<std::string> plain = {"[Note, this is it]", "[via x ]", "-- a",  "a=b, c=[d]",
                                          "say \"hi\", 'you'",  "[]",       "{x,y}", "%%"};
  std::vector<TypedText> typed;
  for (const std::string& text : plain) typed.push_back({{option, text}, text});
  for (const char* text : {"-x", "=y", "[-z, w]"}) typed.push_back({{option + "=" + text}, text});
  return typed;
}

void append(std::vector<std::string>& args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
}

void expect_tokens_json(const json& tokens, const Encoding& want, const std::string& text) {
  ASSERT_EQ(tokens.size(), want.size()) << text;
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(tokens[i]["id"], want.ids[i]) << text << " token " << i;
    EXPECT_EQ(tokens[i]["piece"], want.tokens[i]) << text << " token " << i;
    EXPECT_EQ(tokens[i]["start"], want.offsets[i].first) << text << " token " << i;
    EXPECT_EQ(tokens[i]["end"], want.offsets[i].second) << text << " token " << i;
  }
}

TEST(VerbatimText, TokenizeSeesEveryTextExactly) {
  const auto typed = typed_texts("--text");
  std::vector<std::string> args = {"tokenize", "--json", "--model", bert_model()};
  for (const TypedText& t : typed) append(args, t.words);
  const auto result = test::run_attnscope(args, test::fresh_dir("verbatim-tokenize"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  for (const TypedText& t : typed) {
    ASSERT_TRUE(std::getline(lines, line)) << "no line for " << t.text;
    const json got = json::parse(line);
    const Encoding want = bert().encode(t.text);
    EXPECT_EQ(got["ids"].get<std::vector<int32_t>>(), want.ids) << t.text;
    EXPECT_EQ(got["tokens"].get<std::vector<std::string>>(), want.tokens) << t.text;
    EXPECT_EQ((got["offsets"].get<std::vector<std::pair<int32_t, int32_t>>>()), want.offsets)
        << t.text;
  }
  EXPECT_FALSE(std::getline(lines, line)) << "extra output: " << line;
}

TEST(VerbatimText, TokenizeReadsATextFileLineByLine) {
  const auto dir = test::fresh_dir("verbatim-tokenize-file");
  const std::vector<std::string> texts = {"[Note, this is it]", "-- a", "a=b, c=[d]"};
  {
    std::ofstream file(dir / "lines.txt");
    file << texts[1] << "\n\n" << texts[2] << "\n";
  }
  const auto result = test::run_attnscope({"tokenize", "--json", "--model", bert_model(), "--text",
                                           texts[0], "--text-file", "lines.txt"},
                                          dir);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  for (const std::string& text : texts) {  // --text first, then the file's lines, blanks skipped
    ASSERT_TRUE(std::getline(lines, line)) << "no line for " << text;
    EXPECT_EQ(json::parse(line)["ids"].get<std::vector<int32_t>>(), bert().encode(text).ids)
        << text;
  }
  EXPECT_FALSE(std::getline(lines, line)) << "extra output: " << line;
  const auto both = test::run_attnscope(
      {"tokenize", "--model", bert_model(), "--text-file", "lines.txt", "--jsonl", "x.jsonl"}, dir);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("pass either --text/--text-file or --jsonl"), std::string::npos)
      << both.err;
}

TEST(VerbatimText, TokenizeSeesThePairExactly) {
  for (const TypedText& pair : typed_texts("--text-pair")) {
    std::vector<std::string> args = {"tokenize",   "--json", "--model",
                                     bert_model(), "--text", "[a, b]"};
    append(args, pair.words);
    const auto result = test::run_attnscope(args, test::fresh_dir("verbatim-tokenize-pair"));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const json got = json::parse(result.out);
    EXPECT_EQ(got["ids"].get<std::vector<int32_t>>(), bert().encode_pair("[a, b]", pair.text).ids)
        << pair.text;
  }
}

TEST(VerbatimText, ExtractSeesTextAndPairExactly) {
  const auto dir = test::fresh_dir("verbatim-extract");
  for (const TypedText& t : typed_texts("--text")) {
    std::vector<std::string> args = {"extract", "--model", bert_model(), "-o", "x.json"};
    append(args, t.words);
    const auto single = test::run_attnscope(args, dir);
    ASSERT_EQ(single.exit_code, 0) << single.err;
    expect_tokens_json(json::parse(test::slurp(dir / "x.json"))["tokens"], bert().encode(t.text),
                       t.text);

    append(args, {"--text-pair", "[" + t.text + ", again]"});
    const auto pair = test::run_attnscope(args, dir);
    ASSERT_EQ(pair.exit_code, 0) << pair.err;
    expect_tokens_json(json::parse(test::slurp(dir / "x.json"))["tokens"],
                       bert().encode_pair(t.text, "[" + t.text + ", again]"), t.text);
  }
}

// A text over tiny-bert's 128 tokens stops every command before the model runs, with the token
// count of exactly what the command was given.
std::string over_long(const std::string& start) {
  std::string text = start;
  for (int i = 0; i < 70; ++i) text += ", cat";
  return text + "]";
}

std::string token_count_error(std::size_t tokens) {
  return "the input has " + std::to_string(tokens) + " tokens but";
}

TEST(VerbatimText, EveryCommandSeesTextAndPairExactly) {
  const std::vector<std::vector<std::string>> commands = {
      {"head", "--layer", "0", "--head", "0"},
      {"layer", "--layer", "0"},
      {"flow", "--index", "0"},
      {"compare", "--model", bert_model(), "--layer", "0", "--head", "0"},
      {"summary"},
      {"explore"},
      {"patterns"},
      {"specialize"},
      {"detect"},
      {"rollout"},
      {"report", "-o", "report"},
      {"html", "-o", "page.html"},
  };
  const auto dir = test::fresh_dir("verbatim-commands");
  for (const auto& command : commands) {
    for (const char* start : {"[Note", "-- a [b", "x=\"y\" [z"}) {
      const std::string text = over_long(start);
      std::vector<std::string> args = command;
      append(args, {"--model", bert_model(), "--text", text});
      const auto single = test::run_attnscope(args, dir);
      EXPECT_EQ(single.exit_code, 1) << command[0] << ": " << single.err;
      EXPECT_NE(single.err.find(token_count_error(bert().encode(text).size())), std::string::npos)
          << command[0] << " " << text << ": " << single.err;

      append(args, {"--text-pair", text});
      const auto pair = test::run_attnscope(args, dir);
      EXPECT_EQ(pair.exit_code, 1) << command[0] << ": " << pair.err;
      EXPECT_NE(pair.err.find(token_count_error(bert().encode_pair(text, text).size())),
                std::string::npos)
          << command[0] << " pair " << text << ": " << pair.err;
    }
  }
}

TEST(VerbatimText, FlowSeesTheTokenExactly) {
  const auto dir = test::fresh_dir("verbatim-flow");
  for (const TypedText& token : typed_texts("--token")) {
    std::vector<std::string> args = {"flow", "--model", bert_model(), "--text", "[Hi, you]"};
    append(args, token.words);
    const auto result = test::run_attnscope(args, dir);
    EXPECT_EQ(result.exit_code, 2) << token.text;
    // The error repeats the token asked for and lists the tokens of the text as given.
    EXPECT_NE(result.err.find("token '" + token.text +
                              "' is not in the text; its tokens are 0:"
                              "[CLS], 1:[, 2:hi, 3:,, 4:you, 5:], 6:[SEP];"),
              std::string::npos)
        << result.err;
  }
}

}  // namespace
}  // namespace attnscope
