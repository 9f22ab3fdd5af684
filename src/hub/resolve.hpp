#pragma once
// Turns what the user typed after --model into a local folder with the model's files.
#include <filesystem>
#include <string>

namespace attnscope::hub {

struct ResolveOptions {
  std::string revision = "main";
};

// A folder is used as it is; a Hub id ("gpt2", "org/name") is looked up in (or downloaded
// into) the Hugging Face cache.
std::filesystem::path resolve_model(const std::string& spec, const ResolveOptions& options = {});

// "bert-base-uncased" for a Hub id, the last path component for a folder.
std::string model_display_name(const std::string& spec);

}  // namespace attnscope::hub
