#include "io/torch_pickle.hpp"

#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <utility>

#include "core/error.hpp"
#include "core/printable.hpp"

namespace attnscope::io {

namespace {

// The callables a state dict may name. Each is interpreted here, never imported or run.
enum class Callable { OrderedDict, RebuildTensor, RebuildParameter };

// Every value lives in the unpickler's arena and refers to others by plain pointer, so a value
// owns nothing but its own fields: a list appended into itself (a memo reference) is no leak, and
// a 200,000-deep nest of tuples is freed flat, without a recursive destructor.
struct Value;
using ValuePtr = Value*;

struct Value {
  enum class Kind {
    None,
    Bool,
    Int,
    Float,
    String,
    Tuple,
    List,
    Dict,
    Callable,
    StorageType,
    Storage,
    Tensor
  };
  Kind kind = Kind::None;
  std::int64_t integer = 0;
  std::string text;                                    // String; Storage: its key
  DType dtype = DType::F32;                            // StorageType, Storage
  Callable callable{};                                 // Callable
  std::vector<ValuePtr> items;                         // Tuple, List
  std::vector<std::pair<ValuePtr, ValuePtr>> entries;  // Dict
  PickledTensor* tensor = nullptr;                     // Tensor, in the unpickler's arena
};

std::optional<DType> storage_dtype(const std::string& name) {
  static const std::map<std::string, DType> types = {
      {"FloatStorage", DType::F32},     {"DoubleStorage", DType::F64}, {"HalfStorage", DType::F16},
      {"BFloat16Storage", DType::BF16}, {"LongStorage", DType::I64},   {"IntStorage", DType::I32},
      {"ShortStorage", DType::I16},     {"CharStorage", DType::I8},    {"ByteStorage", DType::U8},
      {"BoolStorage", DType::Bool}};
  auto found = types.find(name);
  if (found == types.end()) return std::nullopt;
  return found->second;
}

// Each opcode byte may make a value (of about 100 bytes) and a state dict needs some twenty per
// tensor: this bounds what a hostile pickle can make the reader allocate (100 MB) and refuses no
// real checkpoint (50,000 tensors).
constexpr std::size_t kMaxValues = std::size_t(1) << 20;

class Unpickler {
 public:
  Unpickler(std::span<const std::byte> bytes, const std::string& what)
      : bytes_(bytes), what_(what) {}

  // The pickle's value, owned by (and valid as long as) the unpickler.
  ValuePtr run() {
    while (true) {
      auto opcode = static_cast<unsigned char>(read_u<std::uint8_t>());
      if (opcode == '.') break;
      step(opcode);
    }
    if (stack_.size() != 1) fail("the pickle does not end with one value");
    return stack_.back();
  }
  std::size_t consumed() const { return pos_; }

 private:
  ValuePtr make(Value::Kind kind) {
    if (arena_.size() >= kMaxValues) fail("more values than any state dict has");
    Value& value = arena_.emplace_back();
    value.kind = kind;
    return &value;
  }

  void step(unsigned char op) {
    switch (op) {
      case 0x80:
        read_u<std::uint8_t>();
        break;  // PROTO
      case 0x95:
        read_u<std::uint64_t>();
        break;  // FRAME: a size hint only
      case '(':
        marks_.push_back(stack_.size());
        break;
      case 'N':
        push(make(Value::Kind::None));
        break;
      case 0x88:
        push_bool(true);
        break;
      case 0x89:
        push_bool(false);
        break;
      case 'K':
        push_int(read_u<std::uint8_t>());
        break;
      case 'M':
        push_int(read_u<std::uint16_t>());
        break;
      case 'J':
        push_int(read_u<std::int32_t>());
        break;
      case 0x8a:
        push_int(read_long(read_u<std::uint8_t>()));
        break;  // LONG1
      case 'G':
        push_float();
        break;
      case 'X':
        push_string(read_u<std::uint32_t>());
        break;  // BINUNICODE
      case 0x8c:
        push_string(read_u<std::uint8_t>());
        break;  // SHORT_BINUNICODE
      case 0x8d:
        push_string(read_u<std::uint64_t>());
        break;  // BINUNICODE8
      case 'T':
        push_string(read_u<std::uint32_t>());
        break;  // BINSTRING
      case 'U':
        push_string(read_u<std::uint8_t>());
        break;  // SHORT_BINSTRING
      case ')':
        push(make(Value::Kind::Tuple));
        break;
      case ']':
        push(make(Value::Kind::List));
        break;
      case '}':
        push(make(Value::Kind::Dict));
        break;
      case 0x85:
        push_tuple(1);
        break;
      case 0x86:
        push_tuple(2);
        break;
      case 0x87:
        push_tuple(3);
        break;
      case 't': {
        auto tuple = make(Value::Kind::Tuple);
        tuple->items = pop_to_mark();
        push(tuple);
        break;
      }
      case 'q':
        memo_[read_u<std::uint8_t>()] = top();
        break;  // BINPUT
      case 'r':
        memo_[read_u<std::uint32_t>()] = top();
        break;  // LONG_BINPUT
      case 0x94:
        memo_[static_cast<std::uint32_t>(memo_.size())] = top();
        break;  // MEMOIZE
      case 'h':
        push(recall(read_u<std::uint8_t>()));
        break;  // BINGET
      case 'j':
        push(recall(read_u<std::uint32_t>()));
        break;  // LONG_BINGET
      case 'c': {
        std::string module = read_line();
        push(resolve_global(module, read_line()));
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        auto name = pop_kind(Value::Kind::String, "a global's name");
        auto module = pop_kind(Value::Kind::String, "a global's module");
        push(resolve_global(module->text, name->text));
        break;
      }
      case 'a': {  // APPEND
        auto item = pop();
        pop_list_below()->items.push_back(item);
        break;
      }
      case 'e': {  // APPENDS
        auto items = pop_to_mark();
        auto list = pop_list_below();
        list->items.insert(list->items.end(), items.begin(), items.end());
        break;
      }
      case 's': {  // SETITEM
        auto value = pop();
        auto key = pop();
        dict_on_top()->entries.emplace_back(key, value);
        break;
      }
      case 'u': {  // SETITEMS
        auto items = pop_to_mark();
        if (items.size() % 2) fail("SETITEMS with an odd number of values");
        auto dict = dict_on_top();
        for (std::size_t i = 0; i < items.size(); i += 2)
          dict->entries.emplace_back(items[i], items[i + 1]);
        break;
      }
      case 'Q':
        push(persistent_storage(pop()));
        break;     // BINPERSID
      case 'R': {  // REDUCE
        auto args = pop_kind(Value::Kind::Tuple, "the arguments of a call");
        auto callable = pop_kind(Value::Kind::Callable, "a call");
        push(call(callable->callable, args->items));
        break;
      }
      case 'b': {  // BUILD: an OrderedDict's __dict__ (state_dict's _metadata): not needed
        pop();
        auto kind = top()->kind;
        if (kind != Value::Kind::Dict && kind != Value::Kind::Tensor)
          fail("BUILD of something that is not a dict or tensor");
        break;
      }
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("pickle opcode ") + hex + " at byte " + std::to_string(pos_ - 1) +
             ", which a tensor state dict never uses");
      }
    }
  }

  ValuePtr resolve_global(const std::string& module, const std::string& name) {
    auto value = make(Value::Kind::Callable);
    if (module == "collections" && name == "OrderedDict") {
      value->callable = Callable::OrderedDict;
    } else if (module == "torch._utils" && name == "_rebuild_tensor_v2") {
      value->callable = Callable::RebuildTensor;
    } else if (module == "torch._utils" && name == "_rebuild_parameter") {
      value->callable = Callable::RebuildParameter;
    } else if (auto dtype = storage_dtype(name); module == "torch" && dtype) {
      value->kind = Value::Kind::StorageType;
      value->dtype = *dtype;
    } else {
      throw Error("refusing to load " + what_ + ": its pickle names " + printable(module) + "." +
                  printable(name) +
                  ", which is not part of a tensor state dict (the file may be malicious; "
                  "attnscope never runs code from checkpoints); use a safetensors file instead");
    }
    return value;
  }

  // ('storage', torch.FloatStorage, key, location, numel): the tensor data in data/{key}.
  ValuePtr persistent_storage(const ValuePtr& id) {
    if (id->kind != Value::Kind::Tuple || id->items.size() < 3 ||
        id->items[0]->kind != Value::Kind::String || id->items[0]->text != "storage" ||
        id->items[1]->kind != Value::Kind::StorageType || id->items[2]->kind != Value::Kind::String)
      fail("a persistent id that is not a torch storage");
    // The legacy format's sixth item describes a view into another storage: never in a
    // state dict saved from ordinary tensors.
    if (id->items.size() >= 6 && id->items[5]->kind != Value::Kind::None)
      fail("a storage view of the legacy format");
    auto storage = make(Value::Kind::Storage);
    storage->dtype = id->items[1]->dtype;
    storage->text = id->items[2]->text;
    return storage;
  }

  ValuePtr call(Callable callable, const std::vector<ValuePtr>& args) {
    switch (callable) {
      case Callable::OrderedDict:
        if (!args.empty()) fail("OrderedDict called with arguments");
        return make(Value::Kind::Dict);
      case Callable::RebuildParameter:
        if (args.empty() || args[0]->kind != Value::Kind::Tensor)
          fail("_rebuild_parameter without a tensor");
        return args[0];
      case Callable::RebuildTensor:
        return rebuild_tensor(args);
    }
    fail("an unknown call");
  }

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])
  ValuePtr rebuild_tensor(const std::vector<ValuePtr>& args) {
    if (args.size() < 4 || args[0]->kind != Value::Kind::Storage ||
        args[1]->kind != Value::Kind::Int || args[2]->kind != Value::Kind::Tuple ||
        args[3]->kind != Value::Kind::Tuple || args[2]->items.size() != args[3]->items.size())
      fail("_rebuild_tensor_v2 with unexpected arguments");
    auto tensor = make(Value::Kind::Tensor);
    tensor->tensor = &tensors_.emplace_back();
    tensor->tensor->dtype = args[0]->dtype;
    tensor->tensor->storage_key = args[0]->text;
    tensor->tensor->storage_offset = args[1]->integer;
    for (std::size_t i = 0; i < args[2]->items.size(); ++i) {
      if (args[2]->items[i]->kind != Value::Kind::Int ||
          args[3]->items[i]->kind != Value::Kind::Int)
        fail("a tensor size or stride that is not an integer");
      tensor->tensor->shape.push_back(args[2]->items[i]->integer);
      tensor->tensor->stride.push_back(args[3]->items[i]->integer);
    }
    return tensor;
  }

  template <typename T>
  T read_u() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::int64_t read_long(std::size_t length) {
    if (length > 8) fail("an integer wider than 64 bits");
    need(length);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < length; ++i)
      value |= std::uint64_t(std::to_integer<std::uint8_t>(bytes_[pos_ + i])) << (8 * i);
    if (length > 0 && length < 8 && (value >> (8 * length - 1)) & 1)
      value |= ~std::uint64_t(0) << (8 * length);  // sign-extend
    pos_ += length;
    return static_cast<std::int64_t>(value);
  }
  std::string read_bytes(std::uint64_t length) {
    need(length);
    std::string text(reinterpret_cast<const char*>(bytes_.data() + pos_), length);
    pos_ += length;
    return text;
  }
  std::string read_line() {
    std::string line;
    while (true) {
      char c = static_cast<char>(read_u<std::uint8_t>());
      if (c == '\n') return line;
      line += c;
    }
  }
  void need(std::uint64_t size) const {
    if (size > bytes_.size() - pos_) fail("it ends in the middle of a value");
  }

  void push(ValuePtr value) { stack_.push_back(std::move(value)); }
  void push_bool(bool value) {
    auto v = make(Value::Kind::Bool);
    v->integer = value;
    push(v);
  }
  void push_int(std::int64_t value) {
    auto v = make(Value::Kind::Int);
    v->integer = value;
    push(v);
  }
  void push_float() {
    read_u<std::uint64_t>();  // big-endian double: no tensor metadata needs its value
    push(make(Value::Kind::Float));
  }
  void push_string(std::uint64_t length) {
    auto v = make(Value::Kind::String);
    v->text = read_bytes(length);
    push(v);
  }
  void push_tuple(std::size_t count) {
    if (stack_.size() < count + base()) fail("a tuple of missing values");
    auto tuple = make(Value::Kind::Tuple);
    tuple->items.assign(stack_.end() - count, stack_.end());
    stack_.resize(stack_.size() - count);
    push(tuple);
  }

  std::size_t base() const { return marks_.empty() ? 0 : marks_.back(); }
  ValuePtr top() const {
    if (stack_.size() <= base()) fail("an empty stack");
    return stack_.back();
  }
  ValuePtr pop() {
    auto value = top();
    stack_.pop_back();
    return value;
  }
  ValuePtr pop_kind(Value::Kind kind, const char* expected) {
    auto value = pop();
    if (value->kind != kind) fail(std::string("something else where ") + expected + " belongs");
    return value;
  }
  std::vector<ValuePtr> pop_to_mark() {
    if (marks_.empty()) fail("a missing MARK");
    std::vector<ValuePtr> items(stack_.begin() + marks_.back(), stack_.end());
    stack_.resize(marks_.back());
    marks_.pop_back();
    return items;
  }
  ValuePtr pop_list_below() {
    auto list = top();
    if (list->kind != Value::Kind::List) fail("APPEND to something that is not a list");
    return list;
  }
  ValuePtr dict_on_top() {
    auto dict = top();
    if (dict->kind != Value::Kind::Dict) fail("SETITEM on something that is not a dict");
    return dict;
  }
  ValuePtr recall(std::uint32_t index) const {
    auto found = memo_.find(index);
    if (found == memo_.end()) fail("a reference to an unknown memo entry");
    return found->second;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw Error(what_ + " is not a PyTorch state dict attnscope can read (" + why +
                "): convert it to safetensors");
  }

  std::span<const std::byte> bytes_;
  const std::string& what_;
  std::size_t pos_ = 0;
  std::vector<ValuePtr> stack_;
  std::vector<std::size_t> marks_;
  std::map<std::uint32_t, ValuePtr> memo_;
  std::deque<Value> arena_;  // owns every value; a deque never moves them
  std::deque<PickledTensor> tensors_;
};

}  // namespace

std::vector<PickledTensor> read_torch_pickle(std::span<const std::byte> pickle,
                                             const std::string& what, std::size_t* length) {
  Unpickler unpickler(pickle, what);
  auto root = unpickler.run();
  if (length) *length = unpickler.consumed();
  if (root->kind != Value::Kind::Dict)
    throw Error(what + " does not hold a state dict (name → tensor): save model.state_dict()");
  std::vector<PickledTensor> tensors;
  for (const auto& [key, value] : root->entries) {
    if (key->kind != Value::Kind::String || value->kind != Value::Kind::Tensor) continue;
    tensors.push_back(*value->tensor);
    tensors.back().name = key->text;
  }
  return tensors;
}

std::vector<std::string> read_pickled_strings(std::span<const std::byte> pickle,
                                              const std::string& what, std::size_t* length) {
  Unpickler unpickler(pickle, what);
  auto root = unpickler.run();
  if (length) *length = unpickler.consumed();
  std::vector<std::string> strings;
  if (root->kind != Value::Kind::List) throw Error(what + ": expected a list of storage keys");
  for (const auto& item : root->items) {
    if (item->kind != Value::Kind::String) throw Error(what + ": a storage key is not a string");
    strings.push_back(item->text);
  }
  return strings;
}

std::size_t skip_pickle(std::span<const std::byte> pickle, const std::string& what) {
  Unpickler unpickler(pickle, what);
  unpickler.run();
  return unpickler.consumed();
}

}  // namespace attnscope::io
