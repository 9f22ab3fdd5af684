// The restricted pickle reader on hostile pickles written by hand, byte by byte: each ends in an
// Error or a result, never a crash, a leak or an unreadable message.
#include "io/torch_pickle.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "live_allocations.hpp"

namespace attnscope::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::string_literals;

std::span<const std::byte> bytes_of(const std::string& pickle) {
  return {reinterpret_cast<const std::byte*>(pickle.data()), pickle.size()};
}

std::string error_reading(const std::string& pickle) {
  try {
    io::read_torch_pickle(bytes_of(pickle), "data.pkl");
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "the pickle was read";
  return "";
}

// Protocol 2 header, then `body`, then STOP.
std::string pickle(const std::string& body) { return "\x80\x02" + body + "."; }

TEST(TorchPickle, ReadsAHandWrittenStateDict) {
  // {"w": _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 6), 2, (2, 2), (2, 1))}
  const std::string tensor =
      "ctorch._utils\n_rebuild_tensor_v2\n"
      "((U\x07storagectorch\nFloatStorage\nU\x01"
      "0U\x03"
      "cpuK\x06tQ"
      "K\x02(K\x02K\x02t(K\x02K\x01t\x89tR"s;
  auto tensors = io::read_torch_pickle(bytes_of(pickle("}U\x01w" + tensor + "s")), "data.pkl");
  ASSERT_EQ(tensors.size(), 1u);
  EXPECT_EQ(tensors[0].name, "w");
  EXPECT_EQ(tensors[0].storage_key, "0");
  EXPECT_EQ(tensors[0].storage_offset, 2);
  EXPECT_EQ(tensors[0].shape, (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(tensors[0].stride, (std::vector<std::int64_t>{2, 1}));
}

// None wrapped in 500,000 one-tuples ((((None,),),),...): freed by a recursive destructor, that
// overflowed the stack (at 200,000 in a release build, 50,000 under ASan).
TEST(TorchPickle, DeeplyNestedTuplesAreFreedWithoutRecursion) {
  const std::string nested = pickle("N" + std::string(500'000, '\x85'));
  EXPECT_THAT(error_reading(nested), HasSubstr("does not hold a state dict"));
}

// {"x": l} where l = []; l.append(l) through the memo: a reference cycle that shared ownership
// never freed.
TEST(TorchPickle, ListAppendedIntoItselfIsNotLeaked) {
  const std::string cycle = pickle(
      "}U\x01x]q\x00h\x00"
      "as"s);
  const std::int64_t before = live_allocations();
  {
    auto tensors = io::read_torch_pickle(bytes_of(cycle), "data.pkl");
    EXPECT_TRUE(tensors.empty());
  }
  EXPECT_EQ(live_allocations(), before);
}

TEST(TorchPickle, AGlobalsNameIsPrintedWithItsBytesEscaped) {
  const std::string message = error_reading(pickle("cos\0evil\x1b[2J\nsystem\n)R"s));
  EXPECT_THAT(message, HasSubstr("refusing to load data.pkl: its pickle names "
                                 "os\\x00evil\\x1b[2J.system, which is not part of"));
  EXPECT_THAT(message, Not(HasSubstr(std::string(1, '\0'))));
  EXPECT_THAT(message, Not(HasSubstr("\x1b")));
}

TEST(TorchPickle, ThePickleMayNotMakeMoreValuesThanAnyStateDictHas) {
  // 1.2 million empty tuples: over the reader's cap of 2^20 values.
  EXPECT_THAT(error_reading(pickle(std::string(1'200'000, ')'))),
              HasSubstr("more values than any state dict has"));
}

}  // namespace
}  // namespace attnscope::test
