#include "cli/corpus_output.hpp"

#include <iostream>

#include "analysis/corpus_stats.hpp"
#include "analysis/dependency_probe.hpp"
#include "analysis/head_distance.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "render/corpus_stats_figure.hpp"
#include "render/figure_file.hpp"
#include "render/head_map_figure.hpp"
#include "render/heatmap_panel.hpp"
#include "render/probe_figure.hpp"

namespace attnscope::cli {

namespace {

constexpr const char* kStateFile = "state.safetensors";

const std::string& metadata_value(const analysis::CorpusStateFile& run, const std::string& key) {
  auto it = run.metadata.find(key);
  if (it == run.metadata.end()) throw Error("corpus state has no \"" + key + "\" entry");
  return it->second;
}

}  // namespace

std::vector<std::filesystem::path> write_corpus_outputs(const std::filesystem::path& dir,
                                                        const analysis::CorpusStateFile& run,
                                                        const CorpusOutputOptions& options) {
  const std::string& model = metadata_value(run, "model");
  // Everything is computed before the first file is written, so an error leaves DIR as it was.
  const analysis::CorpusStats stats = analysis::corpus_stats(run.state, model);
  const analysis::HeadDistance distance = analysis::head_distance(run.state);
  std::optional<analysis::ProbeResult> probe;
  if (run.state.has("probe.sentences"))
    probe = analysis::probe_result(run.state, model, options.min_count);

  // Runs from before --precision existed were fp32.
  const auto precision = run.metadata.find("precision");
  const bool bf16 = precision != run.metadata.end() && precision->second == "bf16";
  std::vector<std::pair<std::string, std::string>> files;
  auto add_json = [&](const std::string& name, nlohmann::json json) {
    json["precision"] = bf16 ? "bf16" : "fp32";
    files.emplace_back(name, json.dump(1) + "\n");
  };
  add_json("stats.json", analysis::stats_json(stats));
  add_json("distance.json", analysis::distance_json(distance));
  if (probe) add_json("probe.json", analysis::probe_json(*probe));
  std::vector<std::pair<std::string, render::Scene>> figures;
  figures.emplace_back("stats", render::corpus_stats_figure(stats));
  figures.emplace_back("head_map", render::head_map_figure(distance, stats));
  if (probe) figures.emplace_back("probe", render::probe_figure(*probe));
  if (bf16)
    for (auto& [stem, scene] : figures) render::append_footnote(scene, std::string(kBf16Note));
  for (const auto& [stem, scene] : figures)
    for (auto format : {render::Format::Png, render::Format::Svg})
      files.emplace_back(stem + "." + render::extension(format),
                         render::render_bytes(scene, format, options.dpi));

  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> written;
  for (const auto& [name, bytes] : files) {
    write_file_atomic(dir / name, bytes);
    written.push_back(dir / name);
  }
  analysis::write_corpus_state(dir / kStateFile, run);
  written.push_back(dir / kStateFile);
  return written;
}

analysis::CorpusStateFile merge_corpus_parts(const std::vector<std::filesystem::path>& dirs) {
  if (dirs.empty()) throw UsageError("give the folders of the shards to merge");
  analysis::CorpusStateFile merged;
  std::vector<bool> seen;
  std::filesystem::path first;
  for (const auto& dir : dirs) {
    const auto path = std::filesystem::is_directory(dir) ? dir / kStateFile : dir;
    if (!std::filesystem::exists(path))
      throw Error(dir.string() + " holds no " + kStateFile +
                  "; give folders written by `attnscope corpus --shard K/N -o DIR`");
    analysis::CorpusStateFile part = analysis::read_corpus_state(path);
    if (metadata_value(part, "shard") == "all")
      throw Error(path.string() + " is already a merged run; merge the shards' own folders");
    const std::size_t shards = std::stoul(metadata_value(part, "shards"));
    const std::size_t shard = std::stoul(metadata_value(part, "shard"));
    if (merged.metadata.empty()) {
      merged.metadata = part.metadata;
      first = path;
      seen.assign(shards, false);
    }
    for (const auto& [key, value] : part.metadata) {
      if (key == "shard") continue;
      auto it = merged.metadata.find(key);
      const std::string other = it == merged.metadata.end() ? "(none)" : it->second;
      if (other != value)
        throw Error("cannot merge " + path.string() + " with " + first.string() + ": their " + key +
                    " differs (" + value + " vs " + other + "); merge only the shards of one run");
    }
    if (part.metadata.size() != merged.metadata.size())
      throw Error("cannot merge " + path.string() + " with " + first.string() +
                  ": they were written with different options");
    if (shard >= seen.size() || seen[shard])
      throw Error(path.string() + " is shard " + std::to_string(shard) + " of " +
                  std::to_string(shards) + ", given twice; give each shard once");
    seen[shard] = true;
    merged.state.merge(part.state);
  }
  for (std::size_t shard = 0; shard < seen.size(); ++shard)
    if (!seen[shard])
      throw Error("shard " + std::to_string(shard) + "/" + std::to_string(seen.size()) +
                  " is missing; merge all " + std::to_string(seen.size()) + " shards of the run");
  merged.metadata["shard"] = "all";
  return merged;
}

}  // namespace attnscope::cli
