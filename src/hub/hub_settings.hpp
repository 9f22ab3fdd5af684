#pragma once
// The environment variables huggingface_hub reads, read the same way, so that Python and
// attnscope agree on where the cache is, which server to ask and with which token.
#include <filesystem>
#include <string>

namespace attnscope::hub {

struct HubSettings {
  std::filesystem::path cache_dir;  // HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub
  std::string endpoint;  // HF_ENDPOINT without a trailing '/', else https://huggingface.co
  std::string token;     // HF_TOKEN, else the token file (HF_TOKEN_PATH, HF_HOME/token)
  bool offline = false;  // HF_HUB_OFFLINE=1 (or true/yes/on)
};

// Read at each call, not once per process, so that tests can point it elsewhere.
HubSettings hub_settings_from_environment();

}  // namespace attnscope::hub
