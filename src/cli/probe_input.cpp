#include "cli/probe_input.hpp"

#include "analysis/dependency_probe.hpp"
#include "core/error.hpp"
#include "io/json_file.hpp"

namespace attnscope::cli {

analysis::ProbeResult read_probe(const std::filesystem::path& path, const std::string& model) {
  const auto file = std::filesystem::is_directory(path) ? path / "probe.json" : path;
  if (!std::filesystem::exists(file))
    throw Error(path.string() + " holds no probe.json; give a folder written by " +
                "`attnscope corpus --model " + model + " --conllu F -o DIR`");
  const nlohmann::json json = io::read_json_file(file);  // its errors name the file
  analysis::ProbeResult probe;
  try {
    probe = analysis::read_probe_json(json);
  } catch (const Error& e) {
    throw Error(file.string() + ": " + e.what());
  }
  if (probe.model != model)
    throw Error(file.string() + " probes model " + probe.model + ", not " + model +
                "; give a probe run with --model " + model);
  return probe;
}

}  // namespace attnscope::cli
