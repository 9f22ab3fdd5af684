#pragma once
// Turns what the user typed after --model into a local folder with the model's files.
#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace attnscope::hub {

// The Hub could not give the model: offline, unreachable, private or missing there, a bad
// revision, a cache that cannot be written (Python's attnscope.HubError).
struct HubError : Error {
  using Error::Error;
};

struct ResolveOptions {
  std::string revision = "main";
};

// A folder is used as it is; a Hub id ("gpt2", "org/name") is looked up in (or downloaded
// into) the Hugging Face cache. Throws NotFoundError for a name that is neither, HubError when
// the Hub part fails.
std::filesystem::path resolve_model(const std::string& spec, const ResolveOptions& options = {});

// "bert-base-uncased" for a Hub id, the last path component for a folder.
std::string model_display_name(const std::string& spec);

}  // namespace attnscope::hub
