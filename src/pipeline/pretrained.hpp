#pragma once
// A model as the user names it: tokenizer and weights loaded together, like from_pretrained.
#include <filesystem>
#include <memory>
#include <string>

#include "hub/resolve.hpp"
#include "model/model.hpp"
#include "tokenize/tokenizer.hpp"

namespace attnscope {

struct Pretrained {
  std::string name;  // "bert-base-uncased", or a folder's last path component
  std::filesystem::path dir;
  std::unique_ptr<Tokenizer> tokenizer;
  std::unique_ptr<Model> model;
};

Pretrained load_pretrained(const std::string& spec, const hub::ResolveOptions& options = {},
                           Precision precision = Precision::fp32);

}  // namespace attnscope
