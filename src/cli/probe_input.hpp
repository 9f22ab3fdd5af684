#pragma once
// --probe DIR (specialize, report): the dependency-probing result of an earlier
// `attnscope corpus --conllu F -o DIR` run, which backs the "syntactic" head labels.
#include <filesystem>
#include <string>

#include "analysis/corpus_results.hpp"

namespace attnscope::cli {

// DIR/probe.json (or the file itself when `path` is one). Throws Error when it is missing, not a
// probe result, or a probe of another model than `model`: one model's probe says nothing about
// another's heads.
analysis::ProbeResult read_probe(const std::filesystem::path& path, const std::string& model);

}  // namespace attnscope::cli
