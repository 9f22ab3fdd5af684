#include "io/shard_index.hpp"

#include "core/error.hpp"
#include "io/json_file.hpp"

namespace attnscope::io {

ShardIndex read_shard_index(const std::filesystem::path& index) {
  auto json = read_json_file(index);
  auto map = json.find("weight_map");
  if (map == json.end() || !map->is_object())
    throw Error(index.string() + " has no \"weight_map\"; delete it and download the model again");
  ShardIndex result;
  for (auto& [name, shard] : map->items()) {
    if (!shard.is_string()) throw Error(index.string() + ": shard of " + name + " is not a name");
    std::filesystem::path file(shard.get<std::string>());
    if (file.empty() || file.has_parent_path() || file == ".." || file == ".")
      throw Error(index.string() + " names shard '" + file.string() +
                  "', which is not a plain file name: the index is corrupt or hostile");
    result.shard_of[name] = file.string();
    result.shards.insert(file.string());
  }
  return result;
}

}  // namespace attnscope::io
