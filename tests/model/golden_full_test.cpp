// golden_full, golden_long and the full-size golden_pairs on the full-size random checkpoints
// (built once by scripts/make-checkpoints). Each model is loaded once for the whole suite.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "core/parallel.hpp"
#include "golden.hpp"

namespace attnscope::test {
namespace {

constexpr double kTolerance = 1e-4;

struct FullModels {
  std::unique_ptr<Model> bert, gpt2;
};

class GoldenFull : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    models_ = new FullModels{Model::load(generated_checkpoint("bert-base-uncased-random", false)),
                             Model::load(generated_checkpoint("gpt2-random", false))};
  }
  static void TearDownTestSuite() { delete models_; }
  static const Model& model(const std::string& golden_name) {
    return golden_name == "gpt2-random" ? *models_->gpt2 : *models_->bert;
  }
  static void check_every_entry(int threads);
  static FullModels* models_;
};

FullModels* GoldenFull::models_ = nullptr;

std::string model_of(const std::string& key) { return key.substr(0, key.find('.')); }

// Every golden_full entry on `threads` threads (0: all cores), the thread count restored after.
void GoldenFull::check_every_entry(int threads) {
  const int before = thread_count();
  set_thread_count(threads);
  auto golden = io::read_safetensors(golden_dir() / "golden_full.safetensors");
  int checked = 0;
  for (auto& entry : manifest_entries("full")) {
    std::string key = entry["key"];
    SCOPED_TRACE(key);
    const Model& m = model(model_of(key));
    auto ids = golden.to_i64(key + ".input_ids");
    ForwardOptions options;
    options.hidden_states = true;
    options.next_token_argmax = true;
    ForwardOutput out = m.forward(single_batch(ids), options);
    const std::size_t T = ids.size(), D = m.config().hidden_size;
    EXPECT_LE(max_abs_diff(out.attentions, golden.to_f32(key + ".attentions")), kTolerance);
    EXPECT_LE(max_abs_diff(std::span(out.hidden_states).first(T * D),
                           golden.to_f32(key + ".hidden_first")),
              kTolerance);
    EXPECT_LE(max_abs_diff(out.hidden_last, golden.to_f32(key + ".hidden_last")), kTolerance);
    if (m.config().architecture == Architecture::Gpt2) {
      auto expected = golden.to_i64(key + ".next_token_argmax");
      EXPECT_EQ(std::vector<int64_t>(out.next_token_argmax.begin(), out.next_token_argmax.end()),
                expected);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 28);
  set_thread_count(before);
}

TEST_F(GoldenFull, EveryEntryMatchesHuggingFace) { check_every_entry(0); }

// One thread runs every GEMM and loop serially; two split them (oneDNN's kernels and ours)
// differently: neither may move a result past the tolerance.
TEST_F(GoldenFull, EveryEntryMatchesHuggingFaceOnOneThread) { check_every_entry(1); }
TEST_F(GoldenFull, EveryEntryMatchesHuggingFaceOnTwoThreads) { check_every_entry(2); }

// The fast mode on the same entries: its attention probabilities stay within kBf16Bound of
// Hugging Face's fp32 (the bound the figures of that mode print, model/precision.hpp), and are
// visibly not fp32's, so the mode does round.
TEST_F(GoldenFull, Bf16StaysNearHuggingFace) {
  constexpr double kBf16Bound = 0.05;
  const auto bert =
      Model::load(generated_checkpoint("bert-base-uncased-random", false), Precision::bf16);
  const auto gpt2 = Model::load(generated_checkpoint("gpt2-random", false), Precision::bf16);
  auto golden = io::read_safetensors(golden_dir() / "golden_full.safetensors");
  double worst = 0;
  for (auto& entry : manifest_entries("full")) {
    std::string key = entry["key"];
    SCOPED_TRACE(key);
    const Model& m = model_of(key) == "gpt2-random" ? *gpt2 : *bert;
    EXPECT_EQ(m.precision(), Precision::bf16);
    ForwardOutput out = m.forward(single_batch(golden.to_i64(key + ".input_ids")));
    worst = std::max(worst, max_abs_diff(out.attentions, golden.to_f32(key + ".attentions")));
  }
  std::cout << "bf16: largest attention difference from Hugging Face's fp32: " << worst << "\n";
  EXPECT_LE(worst, kBf16Bound);
  EXPECT_GT(worst, 10 * kTolerance);
}

// Per-head summaries of the long text: entropy (nats) of each row averaged over queries, and
// the mean weight on the first and on the last key.
struct HeadSummaries {
  std::vector<float> entropy, to_first, to_last;
};

HeadSummaries summarise(const ForwardOutput& out, const ModelConfig& config, int T) {
  HeadSummaries s;
  for (int lh = 0; lh < config.layers * config.heads; ++lh) {
    const float* head = out.attentions.data() + static_cast<std::size_t>(lh) * T * T;
    double entropy = 0, first = 0, last = 0;
    for (int q = 0; q < T; ++q) {
      const float* row = head + static_cast<std::size_t>(q) * T;
      double h = 0;
      for (int k = 0; k < T; ++k)
        if (row[k] > 0) h -= row[k] * std::log(static_cast<double>(row[k]));
      entropy += h;
      first += row[0];
      last += row[T - 1];
    }
    s.entropy.push_back(static_cast<float>(entropy / T));
    s.to_first.push_back(static_cast<float>(first / T));
    s.to_last.push_back(static_cast<float>(last / T));
  }
  return s;
}

TEST_F(GoldenFull, LongInputsMatchHuggingFace) {
  auto golden = io::read_safetensors(golden_dir() / "golden_long.safetensors");
  for (std::string name : {"bert-base-uncased-random", "gpt2-random"}) {
    std::string key = name + ".long_shared";
    SCOPED_TRACE(key);
    const Model& m = model(name);
    auto ids = golden.to_i64(key + ".input_ids");
    const int T = static_cast<int>(ids.size());
    EXPECT_EQ(T, m.config().max_positions);  // the long text fills the model's context
    ForwardOptions options;
    options.next_token_argmax = m.config().architecture == Architecture::Gpt2;
    ForwardOutput out = m.forward(single_batch(ids), options);

    HeadSummaries s = summarise(out, m.config(), T);
    EXPECT_LE(max_abs_diff(s.entropy, golden.to_f32(key + ".head_entropy")), kTolerance);
    EXPECT_LE(max_abs_diff(s.to_first, golden.to_f32(key + ".head_attn_to_first")), kTolerance);
    EXPECT_LE(max_abs_diff(s.to_last, golden.to_f32(key + ".head_attn_to_last")), kTolerance);

    const std::size_t last_head =
        static_cast<std::size_t>(m.config().layers) * m.config().heads - 1;
    std::span<const float> head(out.attentions.data() + last_head * T * T,
                                static_cast<std::size_t>(T) * T);
    EXPECT_LE(max_abs_diff(head.last(64 * static_cast<std::size_t>(T)),
                           golden.to_f32(key + ".attn_last_head_last64rows")),
              kTolerance);
    const int D = m.config().hidden_size;
    std::vector<float> every8th;
    for (int t = 0; t < T; t += 8)
      every8th.insert(every8th.end(), out.hidden_last.begin() + t * D,
                      out.hidden_last.begin() + (t + 1) * D);
    EXPECT_LE(max_abs_diff(every8th, golden.to_f32(key + ".hidden_last_every8th")), kTolerance);
    if (options.next_token_argmax) {
      auto expected = golden.to_i64(key + ".next_token_argmax");
      EXPECT_EQ(std::vector<int64_t>(out.next_token_argmax.begin(), out.next_token_argmax.end()),
                expected);
    }
  }
}

TEST_F(GoldenFull, SentencePairsMatchHuggingFace) {
  auto golden = io::read_safetensors(golden_dir() / "golden_pairs.safetensors");
  for (int i = 0; i < 3; ++i) {
    std::string key = "bert-base-uncased-random.pair" + std::to_string(i);
    SCOPED_TRACE(key);
    ForwardOutput out = models_->bert->forward(
        single_batch(golden.to_i64(key + ".input_ids"), golden.to_i64(key + ".token_type_ids")));
    EXPECT_LE(max_abs_diff(out.attentions, golden.to_f32(key + ".attentions")), kTolerance);
    EXPECT_LE(max_abs_diff(out.hidden_last, golden.to_f32(key + ".hidden_last")), kTolerance);
  }
}

}  // namespace
}  // namespace attnscope::test
