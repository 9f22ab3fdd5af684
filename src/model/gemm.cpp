#include "model/gemm.hpp"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>
#include <mutex>
#include <oneapi/dnnl/dnnl.hpp>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "core/parallel.hpp"

namespace attnscope {

namespace {

using dnnl::memory;

// Everything a oneDNN matmul primitive is specialised for (pointers are bound at execution).
struct Shape {
  int m, n, k, lda, ldb, ldc;
  bool b_transposed, bias, accumulate;
  Activation activation;
  uint32_t alpha_bits;
  bool operator==(const Shape&) const = default;
};

struct ShapeHash {
  std::size_t operator()(const Shape& s) const {
    std::size_t h = 0;
    for (uint64_t v : {uint64_t(s.m), uint64_t(s.n), uint64_t(s.k), uint64_t(s.lda),
                       uint64_t(s.ldb), uint64_t(s.ldc),
                       uint64_t(s.b_transposed) | uint64_t(s.bias) << 1 |
                           uint64_t(s.accumulate) << 2 | uint64_t(s.activation) << 3,
                       uint64_t(s.alpha_bits)})
      h = (h ^ v) * 0x100000001b3ull;
    return h;
  }
};

struct Kernel {
  memory::desc a, b, bias, c;
  dnnl::matmul primitive;
  std::size_t scratchpad_bytes;
};

const dnnl::engine& engine() {
  static const dnnl::engine cpu(dnnl::engine::kind::cpu, 0);
  return cpu;
}

Kernel build(const Shape& s) {
  using dt = memory::data_type;
  const memory::dim m = s.m, n = s.n, k = s.k;
  Kernel kernel;
  kernel.a = memory::desc({m, k}, dt::f32, memory::dims{s.lda, 1});
  kernel.b = memory::desc({k, n}, dt::f32,
                          s.b_transposed ? memory::dims{1, s.ldb} : memory::dims{s.ldb, 1});
  if (s.bias) kernel.bias = memory::desc({1, n}, dt::f32, memory::dims{n, 1});
  kernel.c = memory::desc({m, n}, dt::f32, memory::dims{s.ldc, 1});
  dnnl::primitive_attr attr;
  // The scratchpad is ours (one per thread, below), so concurrent calls never share one.
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  const float alpha = std::bit_cast<float>(s.alpha_bits);
  if (alpha != 1.0f) attr.set_output_scales(0, {alpha});
  dnnl::post_ops post;
  if (s.accumulate) post.append_sum(1.0f);
  if (s.activation == Activation::gelu_erf)
    post.append_eltwise(1.0f, dnnl::algorithm::eltwise_gelu_erf, 0.0f, 0.0f);
  if (s.activation == Activation::gelu_tanh)
    post.append_eltwise(1.0f, dnnl::algorithm::eltwise_gelu_tanh, 0.0f, 0.0f);
  attr.set_post_ops(post);
  dnnl::matmul::desc desc = s.bias ? dnnl::matmul::desc(kernel.a, kernel.b, kernel.bias, kernel.c)
                                   : dnnl::matmul::desc(kernel.a, kernel.b, kernel.c);
  dnnl::matmul::primitive_desc pd(desc, attr, engine());
  kernel.scratchpad_bytes = pd.scratchpad_desc().get_size();
  kernel.primitive = dnnl::matmul(pd);
  return kernel;
}

// Built kernels by shape. Reads vastly outnumber builds (a forward pass has a handful of shapes),
// and the kernels live as long as the process, so references into the map stay valid. Builds
// happen under the exclusive lock, one at a time: oneDNN's own primitive cache, which they all
// go through, then never sees two at once, and each shape is built once.
const Kernel& kernel_for(const Shape& shape) {
  static std::shared_mutex mutex;
  static std::unordered_map<Shape, std::unique_ptr<Kernel>, ShapeHash> kernels;
  {
    std::shared_lock read(mutex);
    auto it = kernels.find(shape);
    if (it != kernels.end()) return *it->second;
  }
  std::unique_lock write(mutex);
  auto it = kernels.find(shape);
  if (it == kernels.end())
    it = kernels.emplace(shape, std::make_unique<Kernel>(build(shape))).first;
  return *it->second;
}

// One single-threaded oneDNN call on rows [r0, r1) and columns [c0, c1) of the product.
void run_block(const GemmCall& call, int r0, int r1, int c0, int c1) {
  const Shape shape{r1 - r0,
                    c1 - c0,
                    call.k,
                    call.lda,
                    call.ldb,
                    call.ldc,
                    call.b_transposed,
                    call.bias != nullptr,
                    call.accumulate,
                    call.activation,
                    std::bit_cast<uint32_t>(call.alpha)};
  const Kernel& kernel = kernel_for(shape);
  // oneDNN would start an OpenMP team of its own in every thread that calls it; it runs inline
  // instead, and our pool is the only set of threads (--threads of them) that computes.
  if (omp_get_max_threads() != 1) omp_set_num_threads(1);
  thread_local dnnl::stream stream(engine());
  thread_local std::vector<unsigned char> scratchpad;
  if (scratchpad.size() < kernel.scratchpad_bytes) scratchpad.resize(kernel.scratchpad_bytes);
  const auto& cpu = engine();
  const float* a = call.a + static_cast<std::size_t>(r0) * call.lda;
  const float* b = call.b + (call.b_transposed ? static_cast<std::size_t>(c0) * call.ldb : c0);
  float* c = call.c + static_cast<std::size_t>(r0) * call.ldc + c0;
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, memory(kernel.a, cpu, const_cast<float*>(a))},
      {DNNL_ARG_WEIGHTS, memory(kernel.b, cpu, const_cast<float*>(b))},
      {DNNL_ARG_DST, memory(kernel.c, cpu, c)},
      {DNNL_ARG_SCRATCHPAD, memory(memory::desc({static_cast<memory::dim>(kernel.scratchpad_bytes)},
                                                memory::data_type::u8, memory::dims{1}),
                                   cpu, scratchpad.data())}};
  if (call.bias)
    args.emplace(DNNL_ARG_BIAS, memory(kernel.bias, cpu, const_cast<float*>(call.bias + c0)));
  kernel.primitive.execute(stream, args);
  stream.wait();
}

// Rows per thread below which a product is split by columns instead: each block packs the
// weights it reads, and a split by rows makes every thread pack all of them.
constexpr int kMinRowsPerBlock = 96;

}  // namespace

void gemm(const GemmCall& call) {
  if (call.m == 0 || call.n == 0) return;
  // One block per thread (more would pack the same weights more often). Blocks of rows keep the
  // output dense, which oneDNN's fastest kernels need; blocks of whole cache lines of columns
  // serve short inputs (one text), where the weights dominate.
  int threads = inside_parallel_for() ? 1 : thread_count();
  const bool split_rows = call.m >= threads * kMinRowsPerBlock;
  const int column_blocks = (call.n + 63) / 64;
  if (!split_rows) threads = std::min(threads, column_blocks);
  if (threads <= 1) return run_block(call, 0, call.m, 0, call.n);
  const auto share = [threads](int total, std::size_t part) {
    return static_cast<int>(static_cast<long>(total) * static_cast<long>(part) / threads);
  };
  parallel_for(threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t part = begin; part < end; ++part) {
      if (split_rows)
        run_block(call, share(call.m, part), share(call.m, part + 1), 0, call.n);
      else
        run_block(call, 0, call.m, std::min(call.n, share(column_blocks, part) * 64),
                  std::min(call.n, share(column_blocks, part + 1) * 64));
    }
  });
}

std::string gemm_backend() {
  const dnnl_version_t* v = dnnl_version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
         std::to_string(v->patch);
}

std::string gemm_isa() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41:
      return "sse41";
    case dnnl::cpu_isa::avx:
      return "avx";
    case dnnl::cpu_isa::avx2:
      return "avx2";
    case dnnl::cpu_isa::avx2_vnni:
      return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core:
      return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "avx512_core_amx";
    default:
      return "other";
  }
}

}  // namespace attnscope
