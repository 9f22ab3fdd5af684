// The tokens a model predicts: GPT-2's tied LM head (its top token is Hugging Face's golden
// argmax) and BERT's masked-LM head on a checkpoint given one (tiny-bert with random
// cls.predictions tensors added), each against logits recomputed here from the weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>

#include "core/error.hpp"
#include "golden.hpp"

namespace attnscope::test {
namespace {

constexpr int kTop = 10;

// Softmax of logits = h·Wᵀ + b over the whole vocabulary, in double, and the top ids.
struct Expected {
  std::vector<int> ids;
  std::vector<double> probabilities;
};
Expected expected_top(const float* h, const std::vector<float>& weight, const float* bias, int D) {
  const int V = static_cast<int>(weight.size() / D);
  std::vector<double> logits(V);
  for (int v = 0; v < V; ++v) {
    double sum = bias ? bias[v] : 0.0;
    for (int d = 0; d < D; ++d) sum += static_cast<double>(h[d]) * weight[v * D + d];
    logits[v] = sum;
  }
  std::vector<int> order(V);
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + kTop, order.end(),
                    [&](int a, int b) { return logits[a] > logits[b]; });
  const double peak = logits[order[0]];
  double total = 0;
  for (double l : logits) total += std::exp(l - peak);
  Expected e;
  for (int i = 0; i < kTop; ++i) {
    e.ids.push_back(order[i]);
    e.probabilities.push_back(std::exp(logits[order[i]] - peak) / total);
  }
  return e;
}

void expect_top(const ForwardOutput& out, int t, const Expected& e) {
  for (int i = 0; i < kTop; ++i) {
    EXPECT_EQ(out.top_token_ids[t * kTop + i], e.ids[i]) << "position " << t << " rank " << i;
    EXPECT_NEAR(out.top_token_probabilities[t * kTop + i], e.probabilities[i], 1e-6);
  }
}

TEST(TokenPredictions, Gpt2TopTokensFollowTheTiedHeadAndStartWithTheGoldenArgmax) {
  const auto model = Model::load(model_fixture("tiny-gpt2"));
  const auto golden = io::read_safetensors(golden_dir() / "golden_tiny.safetensors");
  const auto wte =
      io::read_safetensors(model_fixture("tiny-gpt2") / "model.safetensors").to_f32("wte.weight");
  ASSERT_TRUE(model->predicts_tokens());
  const int D = model->config().hidden_size;
  const auto ids = golden.to_i64("tiny-gpt2.0.input_ids");
  ForwardOptions options;
  options.attentions = false;
  options.top_tokens = kTop;
  options.next_token_argmax = true;
  const ForwardOutput out = model->forward(single_batch(ids), options);
  const auto argmax = golden.to_i64("tiny-gpt2.0.next_token_argmax");
  ASSERT_EQ(out.top_token_ids.size(), ids.size() * kTop);
  for (std::size_t t = 0; t < ids.size(); ++t) {
    EXPECT_EQ(out.top_token_ids[t * kTop], argmax[t]);
    EXPECT_EQ(out.next_token_argmax[t], argmax[t]);
    expect_top(out, static_cast<int>(t),
               expected_top(out.hidden_last.data() + t * D, wte, nullptr, D));
  }
}

TEST(TokenPredictions, ABertCheckpointWithoutAnMlmHeadSaysSo) {
  const auto model = Model::load(model_fixture("tiny-bert"));
  EXPECT_FALSE(model->predicts_tokens());
  ForwardOptions options;
  options.top_tokens = kTop;
  try {
    model->forward(single_batch({101, 1996, 102}), options);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cls.predictions"), std::string::npos) << e.what();
  }
}

// tiny-bert's files plus random cls.predictions tensors, as BertForMaskedLM saves them.
std::filesystem::path bert_with_mlm_head(std::vector<float>& dense, std::vector<float>& dense_bias,
                                         std::vector<float>& gain, std::vector<float>& shift,
                                         std::vector<float>& bias) {
  const auto source = model_fixture("tiny-bert");
  const auto dir = scratch_dir() / "tiny-bert-mlm";
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(source))
    if (entry.path().filename() != "model.safetensors")
      std::filesystem::copy_file(entry.path(), dir / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
  const auto store = io::read_safetensors(source / "model.safetensors");
  const int D = 64, V = 30522;
  std::mt19937 random(5);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  const auto fill = [&](std::vector<float>& v, std::size_t n, float offset) {
    v.resize(n);
    for (auto& x : v) x = offset + normal(random);
  };
  fill(dense, D * D, 0);
  fill(dense_bias, D, 0);
  fill(gain, D, 1);
  fill(shift, D, 0);
  fill(bias, V, 0);
  io::SafetensorsWriter writer;
  std::vector<std::vector<float>> kept;
  for (const auto& name : store.names()) {
    kept.push_back(store.to_f32(name));
    writer.add_f32(name, store.info(name).shape, kept.back());
  }
  writer.add_f32("cls.predictions.transform.dense.weight", {D, D}, dense);
  writer.add_f32("cls.predictions.transform.dense.bias", {D}, dense_bias);
  writer.add_f32("cls.predictions.transform.LayerNorm.gamma", {D}, gain);
  writer.add_f32("cls.predictions.transform.LayerNorm.beta", {D}, shift);
  writer.add_f32("cls.predictions.bias", {V}, bias);
  writer.write(dir / "model.safetensors");
  return dir;
}

TEST(TokenPredictions, BertMlmHeadIsTransformLayerNormThenTheTiedDecoder) {
  std::vector<float> dense, dense_bias, gain, shift, bias;
  const auto dir = bert_with_mlm_head(dense, dense_bias, gain, shift, bias);
  const auto model = Model::load(dir);
  ASSERT_TRUE(model->predicts_tokens());
  const auto embeddings = io::read_safetensors(dir / "model.safetensors")
                              .to_f32("bert.embeddings.word_embeddings.weight");
  const int D = 64;
  const std::vector<int64_t> ids{101, 1996, 103, 2938, 1012, 102};  // [CLS] the [MASK] sat . [SEP]
  ForwardOptions options;
  options.top_tokens = kTop;
  const ForwardOutput out = model->forward(single_batch(ids), options);
  // The attention is that of the same forward pass as without the head.
  const ForwardOutput plain = Model::load(model_fixture("tiny-bert"))->forward(single_batch(ids));
  EXPECT_EQ(max_abs_diff(out.attentions, plain.attentions), 0.0);
  for (int t = 0; t < static_cast<int>(ids.size()); ++t) {
    // BertPredictionHeadTransform: LayerNorm(gelu(dense(h))), erf gelu for hidden_act "gelu".
    const float* h = out.hidden_last.data() + t * D;
    std::vector<double> y(D);
    for (int o = 0; o < D; ++o) {
      double s = dense_bias[o];
      for (int i = 0; i < D; ++i) s += static_cast<double>(h[i]) * dense[o * D + i];
      y[o] = 0.5 * s * (1 + std::erf(s / std::sqrt(2.0)));
    }
    double mean = 0, variance = 0;
    for (double v : y) mean += v / D;
    for (double v : y) variance += (v - mean) * (v - mean) / D;
    std::vector<float> transformed(D);
    for (int i = 0; i < D; ++i)
      transformed[i] =
          static_cast<float>((y[i] - mean) / std::sqrt(variance + 1e-12) * gain[i] + shift[i]);
    expect_top(out, t, expected_top(transformed.data(), embeddings, bias.data(), D));
  }
}

}  // namespace
}  // namespace attnscope::test
