#include "io/tensor_store.hpp"

#include <cstring>

#include "core/error.hpp"

namespace attnscope::io {

namespace {

std::size_t product(const std::vector<int64_t>& shape) {
  std::size_t n = 1;
  for (int64_t d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

template <typename T>
T load(const std::byte* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

}  // namespace

std::size_t TensorInfo::numel() const { return product(shape); }
std::size_t FloatTensor::numel() const { return product(shape); }

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

void TensorStore::add(std::string name, TensorInfo info, std::shared_ptr<const void> backing) {
  if (!tensors_.emplace(std::move(name), std::move(info)).second)
    throw Error(source + ": a tensor name appears twice; the checkpoint is corrupt");
  if (backing && (backings_.empty() || backings_.back() != backing))
    backings_.push_back(std::move(backing));
}

void TensorStore::merge(TensorStore&& other) {
  for (auto& [name, info] : other.tensors_) {
    if (!tensors_.emplace(name, info).second)
      throw Error("tensor " + name + " appears in two shards of " + source +
                  "; the checkpoint is corrupt");
  }
  for (auto& backing : other.backings_) backings_.push_back(std::move(backing));
  other.tensors_.clear();
}

const TensorInfo& TensorStore::info(const std::string& name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end())
    throw Error("tensor " + name + " is missing from " + (source.empty() ? "the file" : source) +
                "; the checkpoint is incomplete or of another architecture");
  return it->second;
}

std::vector<std::string> TensorStore::names() const {
  std::vector<std::string> out;
  out.reserve(tensors_.size());
  for (auto& entry : tensors_) out.push_back(entry.first);
  return out;
}

FloatTensor TensorStore::f32(const std::string& name) const {
  const TensorInfo& t = info(name);
  FloatTensor out;
  out.shape = t.shape;
  if (t.dtype == DType::F32 &&
      reinterpret_cast<std::uintptr_t>(t.bytes.data()) % alignof(float) == 0) {
    out.data = reinterpret_cast<const float*>(t.bytes.data());
    return out;
  }
  auto converted = std::make_shared<std::vector<float>>(to_f32(name));
  out.data = converted->data();
  out.owned = std::move(converted);
  return out;
}

std::vector<float> TensorStore::to_f32(const std::string& name) const {
  const TensorInfo& t = info(name);
  std::size_t n = t.numel();
  std::vector<float> out(n);
  const std::byte* p = t.bytes.data();
  switch (t.dtype) {
    case DType::F32:
      if (n) std::memcpy(out.data(), p, n * sizeof(float));
      break;
    case DType::F64:
      for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(load<double>(p + 8 * i));
      break;
    case DType::F16:
      for (std::size_t i = 0; i < n; ++i) out[i] = half_to_float(load<unsigned short>(p + 2 * i));
      break;
    case DType::BF16:
      for (std::size_t i = 0; i < n; ++i)
        out[i] = bfloat16_to_float(load<unsigned short>(p + 2 * i));
      break;
    default:
      throw Error("tensor " + name + " has dtype " + std::string(dtype_name(t.dtype)) +
                  ", expected a float type (F32, F16, BF16)");
  }
  return out;
}

std::vector<int64_t> TensorStore::to_i64(const std::string& name) const {
  const TensorInfo& t = info(name);
  std::size_t n = t.numel();
  std::vector<int64_t> out(n);
  const std::byte* p = t.bytes.data();
  for (std::size_t i = 0; i < n; ++i) {
    switch (t.dtype) {
      case DType::I64:
        out[i] = load<int64_t>(p + 8 * i);
        break;
      case DType::I32:
        out[i] = load<int32_t>(p + 4 * i);
        break;
      case DType::I16:
        out[i] = load<int16_t>(p + 2 * i);
        break;
      case DType::I8:
        out[i] = load<int8_t>(p + i);
        break;
      case DType::U8:
        out[i] = load<uint8_t>(p + i);
        break;
      default:
        throw Error("tensor " + name + " has dtype " + std::string(dtype_name(t.dtype)) +
                    ", expected an integer type");
    }
  }
  return out;
}

}  // namespace attnscope::io
