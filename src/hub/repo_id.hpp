#pragma once
// Hub repository ids ("gpt2", "openai-community/gpt2") and their folder names in the cache.
#include <string>
#include <string_view>

namespace attnscope::hub {

// The shape huggingface_hub's validate_repo_id accepts: one or two names of letters, digits,
// '-', '_', '.', without "--" or "..", at most 96 characters.
bool is_repo_id(std::string_view spec);

// "models--openai-community--gpt2", as huggingface_hub's repo_folder_name.
std::string repo_folder_name(std::string_view repo_id);

// A full commit hash (40 lowercase hex digits), which names a snapshot directly.
bool is_commit_hash(std::string_view revision);

// A name git (and so the Hub) allows for a branch or tag, or a commit hash: no "..", no empty,
// "." or ".lock" components, not absolute, no control characters (NUL included), spaces or any
// of ~^:?*[\, no "@{". "main", "v1.0" and "refs/pr/1" are revisions; "../x" and "/x" are not,
// and could not be used as a path under refs/ either.
bool is_revision(std::string_view revision);

}  // namespace attnscope::hub
