#include "web/attention_payload.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "core/base64.hpp"
#include "hand_attention.hpp"
#include "web/thumbnails.hpp"

namespace attnscope::web {
namespace {

ResultContext context_for_test() {
  ResultContext context;
  context.text = "the cat </script> sat";
  context.forward_ms = 1.5;
  return context;
}

analysis::HeadScores scores_for_test() {
  analysis::HeadScores scores(2, 3);
  auto& entropy = scores.add("entropy");
  for (std::size_t i = 0; i < entropy.size(); ++i) entropy[i] = 0.25 * static_cast<double>(i);
  return scores;
}

std::vector<float> decoded(const nlohmann::json& matrix) {
  const std::string bytes = base64_decode(matrix["base64"].get<std::string>());
  std::vector<float> values(bytes.size() / 4);
  std::memcpy(values.data(), bytes.data(), values.size() * 4);
  return values;
}

TEST(AttentionPayload, HeaderDescribesTokensShapesAndTiming) {
  const Attention attention = test::hand_attention();
  const auto header = result_header(attention, context_for_test());
  EXPECT_EQ(header["model"], "hand-bert");
  EXPECT_EQ(header["architecture"], "bert");
  EXPECT_EQ(header["layers"], 2);
  EXPECT_EQ(header["heads"], 3);
  EXPECT_EQ(header["n"], 6);
  EXPECT_EQ(header["thumbnail_side"], 6);
  EXPECT_EQ(header["text"], "the cat </script> sat");
  ASSERT_EQ(header["tokens"].size(), 6u);
  EXPECT_EQ(header["tokens"][2]["display"], "cat");
  EXPECT_EQ(header["tokens"][2]["start"], 4);
  EXPECT_EQ(header["tokens"][2]["end"], 7);
  EXPECT_EQ(header["tokens"][0]["special"], true);
  EXPECT_EQ(header["tokens"][0]["id"], 100);
  EXPECT_FALSE(header["tokens"][0].contains("segment")) << "one text has one segment";
  EXPECT_DOUBLE_EQ(header["timing"]["forward_ms"].get<double>(), 1.5);
  for (const char* heavy : {"attention", "scores", "thumbnails", "text_pair"}) {
    EXPECT_FALSE(header.contains(heavy)) << heavy;
  }
}

TEST(AttentionPayload, SentencePairTokensCarryTheirSegment) {
  // [CLS] the [SEP] </script> | sat [SEP]: text A holds a literal [SEP], which the tokenizer
  // keeps as a special token of segment A, so only the tokens' own segments say where B starts.
  Attention attention = test::hand_attention();
  attention.tokens[2].piece = attention.tokens[2].display = "[SEP]";
  attention.tokens[2].special = true;
  for (std::size_t i = 4; i < attention.tokens.size(); ++i) attention.tokens[i].segment = 1;
  ResultContext context = context_for_test();
  context.text_pair = "sat";
  const auto header = result_header(attention, context);
  EXPECT_EQ(header["text_pair"], "sat");
  std::vector<int> segments;
  for (const auto& token : header["tokens"]) segments.push_back(token["segment"]);
  EXPECT_EQ(segments, (std::vector<int>{0, 0, 0, 0, 1, 1}));
}

TEST(AttentionPayload, AWordLevelResultSaysSo) {
  ResultContext context = context_for_test();
  EXPECT_FALSE(result_header(test::hand_attention(), context).contains("words"));
  context.words = analysis::FromWord::First;
  const auto header = result_header(test::hand_attention(), context);
  EXPECT_EQ(header["words"], true);
  EXPECT_EQ(header["from_word"], "first");
}

TEST(AttentionPayload, ScoresAreALayerByHeadGridPerMetric) {
  const auto scores = scores_json(scores_for_test());
  // [layer][head]: row 1 holds metric values 3, 4, 5 (× 0.25).
  EXPECT_EQ(scores["entropy"], nlohmann::json::parse("[[0, 0.25, 0.5], [0.75, 1.0, 1.25]]"));
}

TEST(AttentionPayload, MatrixIsExactFloat32AsBase64) {
  const std::vector<float> values = {0.125f, -3.5f, 1e-8f, 0.333333f};
  const auto matrix = matrix_json(values, {2, 2});
  EXPECT_EQ(matrix["dtype"], "float32");
  EXPECT_EQ(matrix["shape"], nlohmann::json({2, 2}));
  EXPECT_EQ(decoded(matrix), values);
}

TEST(AttentionPayload, WholeResultCarriesTensorScoresAndThumbnails) {
  const Attention attention = test::hand_attention();
  const auto json = result_json(attention, context_for_test(), scores_for_test());
  EXPECT_EQ(json["model"], "hand-bert");
  EXPECT_EQ(json["attention"]["shape"], nlohmann::json({2, 3, 6, 6}));
  EXPECT_EQ(decoded(json["attention"]), attention.probs);
  EXPECT_EQ(json["thumbnails"]["shape"], nlohmann::json({2, 3, 6, 6}));
  EXPECT_EQ(decoded(json["thumbnails"]), thumbnails(attention));
  EXPECT_DOUBLE_EQ(json["scores"]["entropy"][1][2].get<double>(), 1.25);
}

}  // namespace
}  // namespace attnscope::web
