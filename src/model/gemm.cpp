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

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace attnscope {

namespace {

using dnnl::memory;

// Everything a oneDNN matmul primitive is specialised for (pointers are bound at execution).
struct Shape {
  int m, n, k, lda, ldb, ldc;
  bool b_transposed, bias, accumulate, bf16;
  Activation activation;
  uint32_t alpha_bits;
  bool operator==(const Shape&) const = default;
};

struct ShapeHash {
  std::size_t operator()(const Shape& s) const {
    std::size_t h = 0;
    for (uint64_t v :
         {uint64_t(s.m), uint64_t(s.n), uint64_t(s.k), uint64_t(s.lda), uint64_t(s.ldb),
          uint64_t(s.ldc),
          uint64_t(s.b_transposed) | uint64_t(s.bias) << 1 | uint64_t(s.accumulate) << 2 |
              uint64_t(s.bf16) << 3 | uint64_t(s.activation) << 4,
          uint64_t(s.alpha_bits)})
      h = (h ^ v) * 0x100000001b3ull;
    return h;
  }
};

struct Kernel {
  memory::desc a, b, bias, c;
  dnnl::matmul primitive;
  std::size_t scratchpad_bytes;
  // bf16 kernels: a [m, k] as the caller lays it out in fp32, and its rounding into a dense
  // bf16 copy, which `a` then describes.
  memory::desc a_f32;
  dnnl::reorder round_a;
};

const dnnl::engine& engine() {
  static const dnnl::engine cpu(dnnl::engine::kind::cpu, 0);
  return cpu;
}

Kernel build(const Shape& s) {
  using dt = memory::data_type;
  const memory::dim m = s.m, n = s.n, k = s.k;
  const dt operands = s.bf16 ? dt::bf16 : dt::f32;
  Kernel kernel;
  kernel.a = s.bf16 ? memory::desc({m, k}, dt::bf16, memory::dims{k, 1})
                    : memory::desc({m, k}, dt::f32, memory::dims{s.lda, 1});
  kernel.b = memory::desc({k, n}, operands,
                          s.b_transposed ? memory::dims{1, s.ldb} : memory::dims{s.ldb, 1});
  if (s.bf16) {
    kernel.a_f32 = memory::desc({m, k}, dt::f32, memory::dims{s.lda, 1});
    kernel.round_a =
        dnnl::reorder(dnnl::reorder::primitive_desc(engine(), kernel.a_f32, engine(), kernel.a));
  }
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
  dnnl::matmul::primitive_desc pd;
  try {
    pd = dnnl::matmul::primitive_desc(desc, attr, engine());
  } catch (const dnnl::error&) {
    if (!s.bf16) throw;
    throw Error("--precision bf16: oneDNN has no bfloat16 matrix product for this CPU (" +
                gemm_isa() + "; it needs AVX-512); use --precision fp32");
  }
  kernel.scratchpad_bytes = pd.scratchpad_desc().get_size();
  kernel.primitive = dnnl::matmul(pd);
  return kernel;
}

// Builds of oneDNN primitives, one at a time: oneDNN's own primitive cache, which they all go
// through, then never sees two at once.
std::shared_mutex& build_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

// Built kernels by shape. Reads vastly outnumber builds (a forward pass has a handful of shapes),
// and the kernels live as long as the process, so references into the map stay valid. Builds
// happen under build_mutex's exclusive lock, so each shape is built once.
const Kernel& kernel_for(const Shape& shape) {
  std::shared_mutex& mutex = build_mutex();
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
                    call.b_bf16 != nullptr,
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
  const std::size_t b_offset = call.b_transposed ? static_cast<std::size_t>(c0) * call.ldb : c0;
  float* c = call.c + static_cast<std::size_t>(r0) * call.ldc + c0;
  void* a_operand = const_cast<float*>(a);
  void* b_operand = const_cast<float*>(call.b + b_offset);
  if (call.b_bf16) {
    thread_local std::vector<std::uint16_t> a_rounded;
    a_rounded.resize(static_cast<std::size_t>(shape.m) * shape.k);
    memory from(kernel.a_f32, cpu, a_operand), to(kernel.a, cpu, a_rounded.data());
    kernel.round_a.execute(stream, from, to);
    a_operand = a_rounded.data();
    b_operand = const_cast<std::uint16_t*>(call.b_bf16 + b_offset);
  }
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, memory(kernel.a, cpu, a_operand)},
      {DNNL_ARG_WEIGHTS, memory(kernel.b, cpu, b_operand)},
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

std::vector<std::uint16_t> to_bf16(const float* data, std::size_t count) {
  std::vector<std::uint16_t> rounded(count);
  if (count == 0) return rounded;
  const memory::desc from({static_cast<memory::dim>(count)}, memory::data_type::f32,
                          memory::dims{1});
  const memory::desc to({static_cast<memory::dim>(count)}, memory::data_type::bf16,
                        memory::dims{1});
  dnnl::reorder round;
  {
    std::unique_lock build(build_mutex());
    round = dnnl::reorder(dnnl::reorder::primitive_desc(engine(), from, engine(), to));
  }
  if (omp_get_max_threads() != 1) omp_set_num_threads(1);
  dnnl::stream stream(engine());
  memory source(from, engine(), const_cast<float*>(data)), target(to, engine(), rounded.data());
  round.execute(stream, source, target);
  stream.wait();
  return rounded;
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
