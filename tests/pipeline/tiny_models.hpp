#pragma once
// The tiny BERT and GPT-2 fixtures, loaded once per test suite.
#include <gtest/gtest.h>

#include "pipeline/pretrained.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {

class TinyModels : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bert_ = new Pretrained(load_pretrained(model_fixture("tiny-bert").string()));
    gpt2_ = new Pretrained(load_pretrained(model_fixture("tiny-gpt2").string()));
  }
  static void TearDownTestSuite() {
    delete bert_;
    delete gpt2_;
    bert_ = gpt2_ = nullptr;
  }
  static inline Pretrained* bert_ = nullptr;
  static inline Pretrained* gpt2_ = nullptr;
};

}  // namespace attnscope::test
