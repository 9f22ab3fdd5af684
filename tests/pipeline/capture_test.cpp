// Tokenize → padded batch → forward → Attention, on the tiny fixtures.
#include "pipeline/capture.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "io/safetensors.hpp"
#include "support/fixtures.hpp"
#include "tiny_models.hpp"

namespace attnscope::test {
namespace {

using Capture = TinyModels;

double max_diff(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double worst = a.size() == b.size() ? 0 : INFINITY;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, static_cast<double>(std::fabs(a[i] - b[i])));
  return worst;
}

const std::vector<std::string> kTexts = {"The cat sat on the mat and looked at the bird.", "Hi.",
                                         "A much longer sentence, with commas, words and "
                                         "punctuation, so that padding matters here."};

// oneDNN blocks a GEMM by its row count, so a text's rows are summed in a different order
// inside a padded batch than alone: a few float ulps of 1.0, where padding leaking into a real
// token would show as whole percents.
constexpr double kTilingRounding = 16 * std::numeric_limits<float>::epsilon();

TEST_F(Capture, PaddedBatchEqualsOneByOne) {
  for (Pretrained* model : {bert_, gpt2_}) {
    SCOPED_TRACE(model->name);
    auto batch = capture_attention_batch(*model, kTexts);
    ASSERT_EQ(batch.size(), kTexts.size());
    for (std::size_t i = 0; i < kTexts.size(); ++i) {
      Attention single = capture_attention(*model, kTexts[i]);
      ASSERT_EQ(batch[i].n(), single.n());
      EXPECT_LE(max_diff(batch[i].probs, single.probs), kTilingRounding);
      for (int t = 0; t < single.n(); ++t) EXPECT_EQ(batch[i].tokens[t].id, single.tokens[t].id);
    }
    EXPECT_NE(batch[0].n(), batch[1].n());  // the texts really have different lengths
  }
}

TEST_F(Capture, MatchesTheGoldenAttentionsFromText) {
  auto golden = io::read_safetensors(golden_dir() / "golden_tiny.safetensors");
  Attention a = capture_attention(*bert_, kTexts[0]);  // manifest entry tiny-bert.0
  EXPECT_LE(max_diff(a.probs, golden.to_f32("tiny-bert.0.attentions")), 1e-5);
  Attention g = capture_attention(*gpt2_, kTexts[0]);  // tiny-gpt2.0
  EXPECT_LE(max_diff(g.probs, golden.to_f32("tiny-gpt2.0.attentions")), 1e-5);
}

TEST_F(Capture, SentencePairGetsSegmentIds) {
  auto golden = io::read_safetensors(golden_dir() / "golden_pairs.safetensors");
  CaptureOptions options;
  options.text_pair = "It looked at the bird.";
  Attention a = capture_attention(*bert_, "The cat sat on the mat.", options);  // tiny-bert.pair0
  EXPECT_LE(max_diff(a.probs, golden.to_f32("tiny-bert.pair0.attentions")), 1e-5);
}

TEST_F(Capture, TokensCarryDisplayFormsOffsetsAndSpecialFlags) {
  Attention b = capture_attention(*bert_, "The cat");
  ASSERT_EQ(b.n(), 4);
  EXPECT_EQ(b.tokens[0].piece, "[CLS]");
  EXPECT_TRUE(b.tokens[0].special);
  EXPECT_EQ(b.tokens[2].piece, "cat");
  EXPECT_EQ(b.tokens[2].start, 4);
  EXPECT_EQ(b.tokens[2].end, 7);
  EXPECT_FALSE(b.tokens[2].special);
  EXPECT_EQ(b.layers, 3);
  EXPECT_EQ(b.heads, 4);
  EXPECT_EQ(b.architecture, Architecture::Bert);

  Attention g = capture_attention(*gpt2_, "The cat");
  ASSERT_EQ(g.n(), 2);
  EXPECT_EQ(g.tokens[1].piece,
            "\xC4\xA0"
            "cat");  // Ġcat
  EXPECT_EQ(g.tokens[1].display, " cat");
  EXPECT_TRUE(g.causal());
}

TEST_F(Capture, RowsSumToOneAndCausalCellsAreExactlyZero) {
  Attention g = capture_attention(*gpt2_, kTexts[2]);
  for (int l = 0; l < g.layers; ++l)
    for (int h = 0; h < g.heads; ++h)
      for (int q = 0; q < g.n(); ++q) {
        double sum = 0;
        for (int k = 0; k < g.n(); ++k) {
          sum += g.at(l, h, q, k);
          if (k > q) {
            ASSERT_EQ(g.at(l, h, q, k), 0.0f);
          }
        }
        ASSERT_NEAR(sum, 1.0, 1e-5);
      }
}

TEST_F(Capture, BosPrependsEndOfText) {
  CaptureOptions options;
  options.bos = true;
  Attention g = capture_attention(*gpt2_, "Hi", options);
  ASSERT_GE(g.n(), 2);
  EXPECT_EQ(g.tokens[0].id, 50256);
}

TEST_F(Capture, EmptyGpt2InputIsAnError) {
  EXPECT_THROW(capture_attention(*gpt2_, ""), Error);
  CaptureOptions options;
  options.bos = true;
  EXPECT_EQ(capture_attention(*gpt2_, "", options).n(), 1);  // <|endoftext|> alone is fine
}

TEST_F(Capture, OverLongInputIsAnErrorUnlessTruncated) {
  std::string words;
  for (int i = 0; i < 150; ++i) words += " cat";
  EXPECT_THROW(capture_attention(*gpt2_, words), Error);
  CaptureOptions options;
  options.truncate = true;
  Attention g = capture_attention(*gpt2_, words, options);
  EXPECT_EQ(g.n(), 128);

  // A pair loses tokens from its longer segment; both [SEP]s stay.
  options.text_pair = "The end.";
  Attention b = capture_attention(*bert_, words, options);
  ASSERT_EQ(b.n(), 128);
  EXPECT_EQ(b.tokens.back().piece, "[SEP]");
  EXPECT_EQ(b.tokens[b.n() - 2].piece, ".");
  EXPECT_EQ(b.tokens[b.n() - 4].piece, "the");
  EXPECT_EQ(b.tokens[b.n() - 5].piece, "[SEP]");
}

}  // namespace
}  // namespace attnscope::test
