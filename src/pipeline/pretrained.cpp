#include "pipeline/pretrained.hpp"

namespace attnscope {

Pretrained load_pretrained(const std::string& spec, const hub::ResolveOptions& options,
                           Precision precision) {
  Pretrained pretrained;
  pretrained.dir = hub::resolve_model(spec, options);
  pretrained.name = hub::model_display_name(spec);
  pretrained.model = Model::load(pretrained.dir, precision);
  pretrained.tokenizer = Tokenizer::load(pretrained.dir, pretrained.model->config().model_type);
  return pretrained;
}

}  // namespace attnscope
