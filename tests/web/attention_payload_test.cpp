#include "web/attention_payload.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "hand_attention.hpp"
#include "core/base64.hpp"

namespace attnscope::web {
namespace {

ResultContext context_for_test() {
  ResultContext context;
  context.text = "the cat </script> sat";
  context.forward_ms = 1.5;
  context.scores = analysis::HeadScores(2, 3);
  auto& entropy = context.scores.add("entropy");
  for (std::size_t i = 0; i < entropy.size(); ++i) entropy[i] = 0.25 * static_cast<double>(i);
  return context;
}

TEST(AttentionPayload, HeaderDescribesTokensShapesAndScores) {
  const Attention attention = test::hand_attention();
  const auto header = result_header(attention, context_for_test());
  EXPECT_EQ(header["model"], "hand-bert");
  EXPECT_EQ(header["architecture"], "bert");
  EXPECT_EQ(header["layers"], 2);
  EXPECT_EQ(header["heads"], 3);
  EXPECT_EQ(header["n"], 6);
  EXPECT_EQ(header["text"], "the cat </script> sat");
  ASSERT_EQ(header["tokens"].size(), 6u);
  EXPECT_EQ(header["tokens"][2]["display"], "cat");
  EXPECT_EQ(header["tokens"][2]["start"], 4);
  EXPECT_EQ(header["tokens"][2]["end"], 7);
  EXPECT_EQ(header["tokens"][0]["special"], true);
  EXPECT_EQ(header["tokens"][0]["id"], 100);
  // [layer][head]: row 1 holds metric values 3, 4, 5 (× 0.25).
  EXPECT_DOUBLE_EQ(header["scores"]["entropy"][1][2].get<double>(), 1.25);
  EXPECT_DOUBLE_EQ(header["timing"]["forward_ms"].get<double>(), 1.5);
  EXPECT_FALSE(header.contains("attention"));
  EXPECT_FALSE(header.contains("text_pair"));
}

TEST(AttentionPayload, JsonCarriesTheExactTensorAsBase64) {
  const Attention attention = test::hand_attention();
  const auto json = result_json(attention, context_for_test());
  EXPECT_EQ(json["attention"]["dtype"], "float32");
  EXPECT_EQ(json["attention"]["shape"], nlohmann::json({2, 3, 6, 6}));
  const std::string bytes = base64_decode(json["attention"]["base64"].get<std::string>());
  ASSERT_EQ(bytes.size(), attention.probs.size() * 4);
  std::vector<float> decoded(attention.probs.size());
  std::memcpy(decoded.data(), bytes.data(), bytes.size());
  EXPECT_EQ(decoded, attention.probs);
}

TEST(AttentionPayload, FrameHoldsHeaderThenAlignedTensor) {
  const Attention attention = test::hand_attention();
  ResultContext context = context_for_test();
  context.text_pair = "second";
  const std::string frame = result_frame(attention, context);
  ASSERT_EQ(frame.substr(0, 4), "ATNS");
  uint32_t length = 0;
  std::memcpy(&length, frame.data() + 4, 4);
  const auto header = nlohmann::json::parse(frame.substr(8, length));
  EXPECT_EQ(header, result_header(attention, context));
  EXPECT_EQ(header["text_pair"], "second");
  const std::size_t offset = (8 + length + 3) / 4 * 4;
  ASSERT_EQ(frame.size(), offset + attention.probs.size() * 4);
  std::vector<float> tensor(attention.probs.size());
  std::memcpy(tensor.data(), frame.data() + offset, tensor.size() * 4);
  EXPECT_EQ(tensor, attention.probs);
}

}  // namespace
}  // namespace attnscope::web
