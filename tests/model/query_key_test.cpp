// The query and key vectors a forward pass keeps for one layer (the explorer's neuron view):
// recomputed here from the checkpoint's own weights and the layer's input, and their scaled,
// masked softmax equal to Hugging Face's golden attention.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "golden.hpp"

namespace attnscope::test {
namespace {

constexpr double kTolerance = 1e-5;

// x [T][D] · W + b, with W stored [out][in] (nn.Linear) or [in][out] (GPT-2's Conv1D), taking
// output columns [first, first + D).
std::vector<double> project(const std::vector<double>& x, int T, int D,
                            const std::vector<float>& weight, const std::vector<float>& bias,
                            bool conv1d, int first) {
  const int outputs = static_cast<int>(bias.size());
  std::vector<double> y(static_cast<std::size_t>(T) * D);
  for (int t = 0; t < T; ++t)
    for (int o = 0; o < D; ++o) {
      double sum = bias[first + o];
      for (int i = 0; i < D; ++i) {
        const float w = conv1d ? weight[i * outputs + first + o] : weight[(first + o) * D + i];
        sum += x[t * D + i] * w;
      }
      y[t * D + o] = sum;
    }
  return y;
}

std::vector<double> layer_norm(std::span<const float> x, int T, int D,
                               const std::vector<float>& gain, const std::vector<float>& shift,
                               double eps) {
  std::vector<double> y(static_cast<std::size_t>(T) * D);
  for (int t = 0; t < T; ++t) {
    double mean = 0, variance = 0;
    for (int i = 0; i < D; ++i) mean += x[t * D + i];
    mean /= D;
    for (int i = 0; i < D; ++i) variance += (x[t * D + i] - mean) * (x[t * D + i] - mean);
    variance /= D;
    for (int i = 0; i < D; ++i)
      y[t * D + i] = (x[t * D + i] - mean) / std::sqrt(variance + eps) * gain[i] + shift[i];
  }
  return y;
}

struct Projections {
  std::vector<double> q, k;  // [T][D], head h in columns [h·dh, (h+1)·dh)
};

// What layer `l` computes its queries and keys from: its input, hidden_states[l], as the model
// produced it (golden at l = 0 and checked there), through the checkpoint's projection weights.
Projections reference(const io::TensorStore& weights, const ModelConfig& config,
                      std::span<const float> input, int T, int l) {
  const int D = config.hidden_size;
  std::vector<double> x(input.begin(), input.end());
  if (config.architecture == Architecture::Bert) {
    const std::string p = "bert.encoder.layer." + std::to_string(l) + ".attention.self.";
    return {project(x, T, D, weights.to_f32(p + "query.weight"), weights.to_f32(p + "query.bias"),
                    false, 0),
            project(x, T, D, weights.to_f32(p + "key.weight"), weights.to_f32(p + "key.bias"),
                    false, 0)};
  }
  const std::string p = "h." + std::to_string(l) + ".";
  const auto normed = layer_norm(input, T, D, weights.to_f32(p + "ln_1.weight"),
                                 weights.to_f32(p + "ln_1.bias"), config.layer_norm_eps);
  const auto weight = weights.to_f32(p + "attn.c_attn.weight");
  const auto bias = weights.to_f32(p + "attn.c_attn.bias");
  return {project(normed, T, D, weight, bias, true, 0),
          project(normed, T, D, weight, bias, true, D)};
}

void check_model(const std::string& name) {
  const auto model = Model::load(model_fixture(name));
  const auto weights = io::read_safetensors(model_fixture(name) / "model.safetensors");
  const auto golden = io::read_safetensors(golden_dir() / "golden_tiny.safetensors");
  const ModelConfig& config = model->config();
  const int H = config.heads, dh = config.head_dim(), D = config.hidden_size, L = config.layers;
  const double scale = 1 / std::sqrt(static_cast<double>(dh));
  int checked = 0;
  for (auto& entry : manifest_entries("tiny")) {
    const std::string key = entry["key"];
    if (key.rfind(name + ".", 0) != 0 || checked == 3) continue;
    SCOPED_TRACE(key);
    const auto ids = golden.to_i64(key + ".input_ids");
    const int T = static_cast<int>(ids.size());
    const auto attention = golden.to_f32(key + ".attentions");  // [L][H][T][T]
    for (int l = 0; l < L; ++l) {
      ForwardOptions options;
      options.attentions = false;
      options.hidden_states = true;
      options.query_key_layer = l;
      const ForwardOutput out = model->forward(single_batch(ids), options);
      ASSERT_EQ(out.queries.size(), static_cast<std::size_t>(H) * T * dh);
      ASSERT_EQ(out.keys.size(), out.queries.size());
      const auto expected =
          reference(weights, config, std::span(out.hidden_states).subspan(l * T * D, T * D), T, l);
      double worst_vector = 0, worst_score = 0, worst_probability = 0;
      for (int h = 0; h < H; ++h) {
        const float* q = out.queries.data() + static_cast<std::size_t>(h) * T * dh;
        const float* k = out.keys.data() + static_cast<std::size_t>(h) * T * dh;
        for (int t = 0; t < T; ++t)
          for (int d = 0; d < dh; ++d) {
            worst_vector =
                std::max({worst_vector, std::abs(q[t * dh + d] - expected.q[t * D + h * dh + d]),
                          std::abs(k[t * dh + d] - expected.k[t * D + h * dh + d])});
          }
        for (int i = 0; i < T; ++i) {
          // What the neuron view shows: q·k / √dh over the visible keys, then the softmax.
          const int visible = config.architecture == Architecture::Gpt2 ? i + 1 : T;
          std::vector<double> scores(visible);
          double peak = -INFINITY;
          for (int j = 0; j < visible; ++j) {
            double dot = 0, reference_dot = 0;
            for (int d = 0; d < dh; ++d) {
              dot += static_cast<double>(q[i * dh + d]) * k[j * dh + d];
              reference_dot += expected.q[i * D + h * dh + d] * expected.k[j * D + h * dh + d];
            }
            scores[j] = dot * scale;
            worst_score = std::max(worst_score, std::abs(scores[j] - reference_dot * scale));
            peak = std::max(peak, scores[j]);
          }
          double sum = 0;
          for (auto& s : scores) sum += (s = std::exp(s - peak));
          for (int j = 0; j < T; ++j) {
            const double shown = j < visible ? scores[j] / sum : 0.0;
            const float hf = attention[((static_cast<std::size_t>(l) * H + h) * T + i) * T + j];
            worst_probability = std::max(worst_probability, std::abs(shown - hf));
          }
        }
      }
      EXPECT_LE(worst_vector, kTolerance) << "layer " << l;
      EXPECT_LE(worst_score, kTolerance) << "layer " << l;
      EXPECT_LE(worst_probability, kTolerance) << "layer " << l;
      EXPECT_TRUE(out.attentions.empty());
    }
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(QueryKey, BertVectorsAreTheCheckpointsProjectionsAndGiveTheGoldenAttention) {
  check_model("tiny-bert");
}

TEST(QueryKey, Gpt2VectorsAreTheCheckpointsProjectionsAndGiveTheGoldenAttention) {
  check_model("tiny-gpt2");
}

TEST(QueryKey, ALayerOutsideTheModelIsAnError) {
  const auto model = Model::load(model_fixture("tiny-bert"));
  ForwardOptions options;
  options.query_key_layer = model->config().layers;
  EXPECT_THROW(model->forward(single_batch({101, 102}), options), Error);
}

}  // namespace
}  // namespace attnscope::test
