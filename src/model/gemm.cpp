#include "model/gemm.hpp"

#include <omp.h>

#include <bit>
#include <cstdint>
#include <functional>
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
// and the kernels live as long as the process, so references into the map stay valid.
const Kernel& kernel_for(const Shape& shape) {
  static std::shared_mutex mutex;
  static std::unordered_map<Shape, std::unique_ptr<Kernel>, ShapeHash> kernels;
  {
    std::shared_lock read(mutex);
    auto it = kernels.find(shape);
    if (it != kernels.end()) return *it->second;
  }
  auto built = std::make_unique<Kernel>(build(shape));
  std::unique_lock write(mutex);
  auto& slot = kernels[shape];
  if (!slot) slot = std::move(built);
  return *slot;
}

}  // namespace

void gemm(const GemmCall& call) {
  if (call.m == 0 || call.n == 0) return;
  const Shape shape{call.m,
                    call.n,
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
  // oneDNN sizes its OpenMP team from this thread's setting; keep it at --threads. Inside a
  // parallel region it runs on the calling thread alone.
  if (!omp_in_parallel() && omp_get_max_threads() != thread_count())
    omp_set_num_threads(thread_count());
  thread_local dnnl::stream stream(engine());
  thread_local std::vector<unsigned char> scratchpad;
  if (scratchpad.size() < kernel.scratchpad_bytes) scratchpad.resize(kernel.scratchpad_bytes);
  const auto& cpu = engine();
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, memory(kernel.a, cpu, const_cast<float*>(call.a))},
      {DNNL_ARG_WEIGHTS, memory(kernel.b, cpu, const_cast<float*>(call.b))},
      {DNNL_ARG_DST, memory(kernel.c, cpu, call.c)},
      {DNNL_ARG_SCRATCHPAD, memory(memory::desc({static_cast<memory::dim>(kernel.scratchpad_bytes)},
                                                memory::data_type::u8, memory::dims{1}),
                                   cpu, scratchpad.data())}};
  if (call.bias)
    args.emplace(DNNL_ARG_BIAS, memory(kernel.bias, cpu, const_cast<float*>(call.bias)));
  kernel.primitive.execute(stream, args);
  stream.wait();
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
