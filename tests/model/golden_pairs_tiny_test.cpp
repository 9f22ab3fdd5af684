// BERT sentence pairs ([CLS] A [SEP] B [SEP], token type ids 0 then 1) on tiny-bert.
#include <gtest/gtest.h>

#include "golden.hpp"

namespace attnscope::test {
namespace {

TEST(GoldenPairsTiny, TokenTypeIdsSelectTheSegmentEmbedding) {
  auto golden = io::read_safetensors(golden_dir() / "golden_pairs.safetensors");
  auto model = Model::load(model_fixture("tiny-bert"));
  for (int i = 0; i < 3; ++i) {
    std::string key = "tiny-bert.pair" + std::to_string(i);
    SCOPED_TRACE(key);
    auto ids = golden.to_i64(key + ".input_ids");
    auto types = golden.to_i64(key + ".token_type_ids");
    ForwardOutput out = model->forward(single_batch(ids, types));
    EXPECT_LE(max_abs_diff(out.attentions, golden.to_f32(key + ".attentions")), 1e-5);
    EXPECT_LE(max_abs_diff(out.hidden_last, golden.to_f32(key + ".hidden_last")), 1e-5);
    // Without the segment ids the result must differ: the test sees the type embedding.
    ForwardOutput untyped = model->forward(single_batch(ids));
    EXPECT_GT(max_abs_diff(untyped.hidden_last, golden.to_f32(key + ".hidden_last")), 1e-3);
  }
}

}  // namespace
}  // namespace attnscope::test
