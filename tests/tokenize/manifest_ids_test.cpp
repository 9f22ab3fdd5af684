// The texts of golden/manifest.json give the manifest's ids and tokens: through the tokenizers
// directly (tiny and full-size entries share the real vocabularies), and through
// `attnscope extract --text`, the path every figure takes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tokenize/run_binary.hpp"
#include "tokenize/tokenizer_fixtures.hpp"

namespace attnscope {
namespace {

using nlohmann::json;

const json& manifest() {
  static const json file = json::parse(test::slurp(test::golden_dir() / "manifest.json"));
  return file;
}

const Tokenizer& tokenizer_for(const json& entry) {
  return entry.at("model") == "bert" ? test::bert_tokenizer() : test::gpt2_tokenizer();
}

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

TEST(ManifestIds, TokenizersGiveTheManifestIdsAndTokens) {
  int checked = 0;
  for (const char* group : {"tiny", "full"}) {
    for (const json& entry : manifest().at("entries").at(group)) {
      const Encoding got = tokenizer_for(entry).encode(entry.at("text").get<std::string>());
      EXPECT_EQ(got.ids, entry.at("ids").get<std::vector<int32_t>>()) << entry.at("key");
      EXPECT_EQ(got.tokens, entry.at("tokens").get<std::vector<std::string>>()) << entry.at("key");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 56);
}

TEST(ManifestIds, ExtractTextGivesTheManifestIds) {
  const auto out = test::scratch_dir() / "tokenize-cli" / "extract.json";
  int checked = 0;
  for (const json& entry : manifest().at("entries").at("tiny")) {
    const std::string key = entry.at("key").get<std::string>();
    const std::string fixture = key.substr(0, key.find('.'));
    const auto result = test::run_attnscope(
        "extract --model '" + test::model_fixture(fixture).string() + "' --text " +
            shell_quoted(entry.at("text").get<std::string>()) + " -o '" + out.string() + "'",
        "extract");
    ASSERT_EQ(result.exit_code, 0) << key << ": " << result.err;
    const json written = json::parse(test::slurp(out));
    EXPECT_EQ(written.at("input_ids").get<std::vector<int32_t>>(),
              entry.at("ids").get<std::vector<int32_t>>())
        << key;
    ++checked;
  }
  EXPECT_EQ(checked, 28);
}

}  // namespace
}  // namespace attnscope
