#include "core/single_threaded_blas.hpp"

#include <cblas.h>

namespace attnscope {

SingleThreadedBlas::SingleThreadedBlas() : before_(openblas_get_num_threads()) {
  if (before_ != 1) openblas_set_num_threads(1);
}

SingleThreadedBlas::~SingleThreadedBlas() {
  if (before_ != 1) openblas_set_num_threads(before_);
}

}  // namespace attnscope
