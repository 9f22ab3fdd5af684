#pragma once
// The one seam between the forward pass and a matrix-multiply backend: every matrix product of
// BERT and GPT-2 (projections, QKᵀ, P·V, the LM head) is a call to gemm(). The backend is
// oneDNN; a different one (CUDA, say) replaces gemm.cpp and nothing else.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace attnscope {

// An element-wise function applied to each result, fused into the product.
enum class Activation { none, gelu_erf, gelu_tanh };

// c[m, n] = alpha · a[m, k] · b  (+ bias) (+ c) then activation, row-major with leading
// dimensions. b is [k, n], or [n, k] read transposed in place when b_transposed (nn.Linear).
struct GemmCall {
  int m = 0, n = 0, k = 0;
  const float* a = nullptr;
  int lda = 0;
  const float* b = nullptr;
  int ldb = 0;
  bool b_transposed = false;
  // b rounded to bfloat16 (to_bf16), laid out as b: the product then rounds a to bfloat16 too
  // and accumulates in fp32 (Precision::bf16); null computes in fp32.
  const std::uint16_t* b_bf16 = nullptr;
  float* c = nullptr;
  int ldc = 0;
  float alpha = 1.0f;
  const float* bias = nullptr;  // [n], added to every row
  bool accumulate = false;      // c += product (a residual connection) rather than c = product
  Activation activation = Activation::none;
};

// Runs on thread_count() threads of core/parallel's pool, split into one block of rows or
// columns per thread, or on the calling thread alone inside parallel_for. The backend's kernels
// for each distinct block shape are built once and reused; safe to call from several threads
// at once.
void gemm(const GemmCall& call);

// data[0, count) rounded to the nearest bfloat16 (ties to even), as the bf16 products read it.
std::vector<std::uint16_t> to_bf16(const float* data, std::size_t count);

// The backend and the instruction set it dispatched to, e.g. "oneDNN 2.6.3" / "avx512_core_bf16".
std::string gemm_backend();
std::string gemm_isa();

}  // namespace attnscope
