// Every entry of golden_tiny.safetensors, on both tensor layouts of each tiny model.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "golden.hpp"

namespace attnscope::test {
namespace {

constexpr double kTolerance = 1e-5;

class GoldenTiny : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    golden_ = new io::TensorStore(io::read_safetensors(golden_dir() / "golden_tiny.safetensors"));
    models_ = new std::map<std::string, std::unique_ptr<Model>>();
    (*models_)["tiny-bert"] = Model::load(model_fixture("tiny-bert"));
    (*models_)["tiny-gpt2"] = Model::load(model_fixture("tiny-gpt2"));
    (*models_)["tiny-bert-modern"] = Model::load(generated_checkpoint("tiny-bert-modern", true));
    (*models_)["tiny-gpt2-modern"] = Model::load(generated_checkpoint("tiny-gpt2-modern", true));
  }
  static void TearDownTestSuite() {
    delete golden_;
    delete models_;
  }

  // Runs `model` on every manifest entry of `golden_model` and checks it against the golden.
  static void check_all(const std::string& golden_model, const Model& model) {
    int checked = 0;
    for (auto& entry : manifest_entries("tiny")) {
      std::string key = entry["key"];
      if (key.rfind(golden_model + ".", 0) != 0) continue;
      SCOPED_TRACE(key + ": " + entry["text"].get<std::string>());
      auto ids = golden_->to_i64(key + ".input_ids");
      ForwardOptions options;
      options.hidden_states = true;
      options.next_token_argmax = true;
      ForwardOutput out = model.forward(single_batch(ids), options);
      const std::size_t T = ids.size(), D = model.config().hidden_size;
      EXPECT_LE(max_abs_diff(out.attentions, golden_->to_f32(key + ".attentions")), kTolerance);
      EXPECT_LE(max_abs_diff(std::span(out.hidden_states).first(T * D),
                             golden_->to_f32(key + ".hidden_first")),
                kTolerance);
      EXPECT_LE(max_abs_diff(out.hidden_last, golden_->to_f32(key + ".hidden_last")), kTolerance);
      // HF's last hidden state is also the last entry of hidden_states.
      EXPECT_EQ(max_abs_diff(std::span(out.hidden_states).last(T * D), out.hidden_last), 0.0);
      if (model.config().architecture == Architecture::Gpt2) {
        auto expected = golden_->to_i64(key + ".next_token_argmax");
        EXPECT_EQ(std::vector<int64_t>(out.next_token_argmax.begin(), out.next_token_argmax.end()),
                  expected);
      }
      ++checked;
    }
    EXPECT_EQ(checked, 14);
  }

  static io::TensorStore* golden_;
  static std::map<std::string, std::unique_ptr<Model>>* models_;
};

io::TensorStore* GoldenTiny::golden_ = nullptr;
std::map<std::string, std::unique_ptr<Model>>* GoldenTiny::models_ = nullptr;

TEST_F(GoldenTiny, BertOriginalLayoutMatchesHuggingFace) {
  check_all("tiny-bert", *(*models_)["tiny-bert"]);
}
TEST_F(GoldenTiny, BertSavePretrainedLayoutMatchesHuggingFace) {
  check_all("tiny-bert", *(*models_)["tiny-bert-modern"]);
}
TEST_F(GoldenTiny, Gpt2OriginalLayoutMatchesHuggingFace) {
  check_all("tiny-gpt2", *(*models_)["tiny-gpt2"]);
}
TEST_F(GoldenTiny, Gpt2SavePretrainedLayoutMatchesHuggingFace) {
  check_all("tiny-gpt2", *(*models_)["tiny-gpt2-modern"]);
}

// The two layouts hold the same weights, so the outputs are identical, not merely close.
TEST_F(GoldenTiny, BothLayoutsGiveIdenticalResults) {
  for (std::string name : {"tiny-bert", "tiny-gpt2"}) {
    Batch batch = single_batch({101, 1996, 4937, 2938, 2006, 1996, 13523, 102});
    ForwardOutput a = (*models_)[name]->forward(batch);
    ForwardOutput b = (*models_)[name + "-modern"]->forward(batch);
    EXPECT_EQ(a.attentions, b.attentions) << name;
    EXPECT_EQ(a.hidden_last, b.hidden_last) << name;
  }
}

}  // namespace
}  // namespace attnscope::test
