#include "attention/token_json.hpp"

namespace attnscope {

nlohmann::json token_json(const Token& token) {
  return {{"id", token.id},          {"piece", token.piece}, {"display", token.display},
          {"label", token.label},    {"start", token.start}, {"end", token.end},
          {"special", token.special}};
}

}  // namespace attnscope
