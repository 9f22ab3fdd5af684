#include "model/model.hpp"

#include "core/error.hpp"
#include "io/checkpoint.hpp"
#include "model/bert.hpp"
#include "model/gpt2.hpp"

namespace attnscope {

std::unique_ptr<Model> Model::load(const std::filesystem::path& dir, Precision precision) {
  if (!std::filesystem::is_directory(dir))
    throw NotFoundError("model folder " + dir.string() + " does not exist");
  if (!std::filesystem::exists(dir / "config.json"))
    throw Error(dir.string() + " has no config.json; pass a Hugging Face model folder");
  ModelConfig config = ModelConfig::load(dir / "config.json");
  io::TensorStore weights = io::open_checkpoint(dir);
  if (config.model_type == "bert")
    return std::make_unique<BertModel>(config, std::move(weights), precision);
  return std::make_unique<Gpt2Model>(config, std::move(weights), precision);
}

}  // namespace attnscope
