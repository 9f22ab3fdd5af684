#include "io/pytorch_bin.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "bin_fixtures.hpp"
#include "core/error.hpp"
#include "hub_files.hpp"
#include "io/checkpoint.hpp"
#include "io/safetensors.hpp"

namespace attnscope::io {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::string_literals;

std::string error_reading(const fs::path& path) {
  try {
    read_pytorch_bin(path);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << path << " was read";
  return "";
}

void expect_same_tensors(const TensorStore& bin, const TensorStore& safetensors) {
  ASSERT_EQ(bin.names(), safetensors.names());
  for (const auto& name : bin.names()) {
    SCOPED_TRACE(name);
    const auto& a = bin.info(name);
    const auto& b = safetensors.info(name);
    EXPECT_EQ(a.dtype, b.dtype);
    EXPECT_EQ(a.shape, b.shape);
    ASSERT_EQ(a.bytes.size(), b.bytes.size());
    EXPECT_EQ(std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size()), 0);
  }
}

TEST(PytorchBin, TinyBertEqualsItsSafetensors) {
  auto bin = read_pytorch_bin(test::bin_fixtures() / "tiny-bert-bin" / "pytorch_model.bin");
  EXPECT_GT(bin.size(), 40u);
  EXPECT_TRUE(bin.contains("bert.embeddings.LayerNorm.gamma"));
  expect_same_tensors(bin,
                      read_safetensors(test::model_fixture("tiny-bert") / "model.safetensors"));
}

TEST(PytorchBin, TinyGpt2EqualsItsSafetensors) {
  auto bin = read_pytorch_bin(test::bin_fixtures() / "tiny-gpt2-bin" / "pytorch_model.bin");
  expect_same_tensors(bin,
                      read_safetensors(test::model_fixture("tiny-gpt2") / "model.safetensors"));
}

TEST(PytorchBin, LegacyFormatEqualsTheSafetensors) {
  auto bin = read_pytorch_bin(test::bin_fixtures() / "tiny-bert-legacy.bin");
  expect_same_tensors(bin,
                      read_safetensors(test::model_fixture("tiny-bert") / "model.safetensors"));
}

TEST(PytorchBin, OpenCheckpointReadsABinOnlyFolder) {
  auto store = open_checkpoint(test::bin_fixtures() / "tiny-bert-bin");
  EXPECT_EQ(store.source, "pytorch_model.bin");
  expect_same_tensors(store,
                      read_safetensors(test::model_fixture("tiny-bert") / "model.safetensors"));
}

TEST(PytorchBin, OpenCheckpointJoinsTheShardsOfABinIndex) {
  auto store = open_checkpoint(test::bin_fixtures() / "tiny-gpt2-bin-sharded");
  EXPECT_EQ(store.source, "pytorch_model.bin.index.json");
  expect_same_tensors(store,
                      read_safetensors(test::model_fixture("tiny-gpt2") / "model.safetensors"));
}

class PytorchBinFormats : public ::testing::TestWithParam<const char*> {};

TEST_P(PytorchBinFormats, ViewsAndDtypesAreReadAsTorchSeesThem) {
  auto store = read_pytorch_bin(test::bin_fixtures() / GetParam());
  EXPECT_THAT(store.info("transposed").shape, ElementsAre(4, 3));
  EXPECT_THAT(store.to_f32("transposed"), ElementsAre(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11));
  EXPECT_THAT(store.info("sliced").shape, ElementsAre(2, 2));
  EXPECT_THAT(store.to_f32("sliced"), ElementsAre(4, 6, 8, 10));
  EXPECT_THAT(store.to_f32("shared"), ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
  EXPECT_EQ(store.info("ids").dtype, DType::I64);
  EXPECT_THAT(store.to_i64("ids"), ElementsAre(-2, -1, 0, 1, 2));
  EXPECT_EQ(store.info("half").dtype, DType::F16);
  EXPECT_THAT(store.to_f32("half"), ElementsAre(1.5f, -2.0f, 65504.0f));
  EXPECT_TRUE(store.info("scalar").shape.empty());
  EXPECT_THAT(store.to_f32("scalar"), ElementsAre(7.25f));
}

// Cut or corrupted downloads must end in an Error, never a crash (run under ASan too).
TEST_P(PytorchBinFormats, DamagedFilesFailCleanly) {
  auto original = test::file_contents(test::bin_fixtures() / GetParam());
  auto damaged = test::scratch_dir() / "bin-damaged" / GetParam();
  for (std::size_t length : {std::size_t(4), std::size_t(100), original.size() / 2,
                             original.size() - 30, original.size() - 1}) {
    test::write_text(damaged, original.substr(0, length));
    EXPECT_THROW(read_pytorch_bin(damaged), Error) << "cut at " << length;
  }
  std::mt19937 random(2026);
  int refused = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes = original;
    for (int flips = 0; flips < 3; ++flips)
      bytes[random() % bytes.size()] = static_cast<char>(random() % 256);
    test::write_text(damaged, bytes);
    try {
      read_pytorch_bin(damaged);
    } catch (const Error&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
}

INSTANTIATE_TEST_SUITE_P(ZipAndLegacy, PytorchBinFormats,
                         ::testing::Values("strided.bin", "strided-legacy.bin"));

TEST(PytorchBin, PickleCallingOsSystemIsRefusedWithoutRunningIt) {
  auto fixtures = test::bin_fixtures();
  fs::remove(test::bin_marker());
  auto message = error_reading(fixtures / "malicious_system.bin");
  EXPECT_THAT(message, HasSubstr("refusing to load"));
  EXPECT_THAT(message, HasSubstr("posix.system"));
  EXPECT_FALSE(fs::exists(test::bin_marker()));
}

TEST(PytorchBin, PickleCallingEvalIsRefusedWithoutRunningIt) {
  auto fixtures = test::bin_fixtures();
  fs::remove(test::bin_marker());
  EXPECT_THAT(error_reading(fixtures / "malicious_eval.bin"), HasSubstr("__builtin__.eval"));
  EXPECT_FALSE(fs::exists(test::bin_marker()));
}

TEST(PytorchBin, ForeignFilesGetAClearError) {
  auto dir = test::scratch_dir() / "bin-foreign";
  fs::create_directories(dir);
  test::write_text(dir / "legacy.bin", std::string("\x80\x02\x8a\x0a", 4) + "legacy torch");
  EXPECT_THAT(error_reading(dir / "legacy.bin"), HasSubstr("not a PyTorch checkpoint"));
  test::write_text(dir / "empty.bin", "");
  EXPECT_THAT(error_reading(dir / "empty.bin"), HasSubstr("not a PyTorch checkpoint"));
}

// A torch.save file in the legacy format (before PyTorch 1.6), written byte by byte: a float
// storage holding 0, 1, ..., floats - 1, and tensor "w" viewing it with the pickled tuples `size`
// and `stride`. Hand-written so that it can hold views torch itself would not save.
std::string legacy_bin(const std::string& size, const std::string& stride, std::uint64_t floats) {
  const std::string magic = "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19\x2e"s;
  const std::string protocol = "\x80\x02M\xe9\x03."s, system_info = "\x80\x02}."s;
  const std::string state_dict =
      "\x80\x02}U\x01w"
      "ctorch._utils\n_rebuild_tensor_v2\n"
      "((U\x07storagectorch\nFloatStorage\nU\x01"
      "0U\x03"
      "cpuK\x01tQK\x00"s +
      size + stride + "\x89tRs."s;
  const std::string keys =
      "\x80\x02]U\x01"
      "0a."s;
  std::string storage(8 + floats * sizeof(float), '\0');
  std::memcpy(storage.data(), &floats, 8);
  for (std::uint64_t i = 0; i < floats; ++i) {
    const float value = static_cast<float>(i);
    std::memcpy(storage.data() + 8 + i * sizeof(float), &value, sizeof(float));
  }
  return magic + protocol + system_info + state_dict + keys + storage;
}

fs::path write_bin(const std::string& name, const std::string& bytes) {
  auto path = test::scratch_dir() / "bin-hostile" / name;
  test::write_text(path, bytes);
  return path;
}

TEST(PytorchBin, HandWrittenLegacyFileIsRead) {
  // (2, 3) with strides (1, 2): a transposed view of the 6 floats.
  auto store =
      read_pytorch_bin(write_bin("view.bin", legacy_bin("(K\x02K\x03t", "(K\x01K\x02t", 6)));
  EXPECT_THAT(store.info("w").shape, ElementsAre(2, 3));
  EXPECT_THAT(store.to_f32("w"), ElementsAre(0, 2, 4, 1, 3, 5));
}

// [2^26] elements, stride 0, all of them the storage's one float: copied out, 256 MB from a file
// of 200 bytes (1 GB from the 8 MB file that found it).
TEST(PytorchBin, StrideZeroViewIsRefusedBeforeAnythingIsAllocated) {
  auto path = write_bin("stride0.bin", legacy_bin("(J\x00\x00\x00\x04t"s, "(K\x00t"s, 1));
  EXPECT_EQ(error_reading(path),
            path.string() +
                ": tensor w has 67108864 elements but its storage holds 1 (a broadcast or "
                "overlapping view); save tensor.contiguous() instead, or convert the checkpoint "
                "to safetensors");
}

// [4096, 4096] with strides (1, 1) over 8191 floats: every row overlaps the next.
TEST(PytorchBin, OverlappingViewIsRefused) {
  auto path = write_bin("overlap.bin", legacy_bin("(M\x00\x10M\x00\x10t"s, "(K\x01K\x01t"s, 8191));
  EXPECT_THAT(error_reading(path),
              HasSubstr("tensor w has 16777216 elements but its storage holds 8191"));
}

}  // namespace
}  // namespace attnscope::io
