#pragma once
// Corpus results for figure tests, made from a made-up BERT-base-shaped model (12 × 12 heads)
// whose heads each follow one of Clark et al.'s behaviours with noise, run through the real
// analyses (clark_metrics, the head distance and its MDS).
#include "analysis/corpus_results.hpp"
#include "analysis/head_distance.hpp"

namespace attnscope::test {

struct CorpusExample {
  analysis::CorpusStats stats;
  analysis::HeadDistance distance;
};

// `documents` sentences of 45–60 tokens (long enough for "broad" heads).
CorpusExample corpus_example(int documents = 4);

// Relations with made-up but plausible accuracies, counts and best heads.
analysis::ProbeResult probe_example();

}  // namespace attnscope::test
