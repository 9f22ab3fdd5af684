// The safetensors reader's validation, the writer round trip, dtype conversion and shards.
#include "io/safetensors.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/checkpoint.hpp"
#include "io/npy.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;

std::span<const std::byte> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

// A file image: 8-byte length, the header text as given, then `data`.
std::string image(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string parse_error(const std::string& file) {
  try {
    io::parse_safetensors_header(as_bytes(file), "x.safetensors");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SafetensorsHeader, AcceptsAValidHeader) {
  std::string file =
      image(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}})",
            std::string(8, '\0'));
  auto header = io::parse_safetensors_header(as_bytes(file), "x");
  ASSERT_EQ(header.entries.size(), 1u);
  EXPECT_EQ(header.entries[0].name, "a");
  EXPECT_EQ(header.entries[0].shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(header.metadata.at("k"), "v");
}

TEST(SafetensorsHeader, RejectsEachKindOfCorruption) {
  const std::string data(16, '\0');
  EXPECT_NE(parse_error("abc").find("shorter than"), std::string::npos);
  EXPECT_NE(parse_error(std::string("\x40\0\0\0\0\0\0\0{}", 10)).find("header length"),
            std::string::npos);
  EXPECT_NE(parse_error(image("[1,2]", "")).find("not a JSON object"), std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"Q8","shape":[2],"data_offsets":[0,8]}})", data))
                .find("unknown dtype Q8"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})", data))
                .find("beyond the end"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data))
                .find("need 12"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", data))
                .find("ends before"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data))
                .find("bad shape"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                              R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                              data))
                .find("overlap"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],)"
                              R"("data_offsets":[0,8]}})",
                              data))
                .find("impossible shape"),
            std::string::npos);
  EXPECT_NE(parse_error(image(R"({"__metadata__":{"k":1}})", "")).find("not a string"),
            std::string::npos);
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("attnscope-io-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

using SafetensorsFile = TempDir;

TEST_F(SafetensorsFile, WriterRoundTripsThroughTheMappedReader) {
  io::SafetensorsWriter writer;
  std::vector<float> values = {1.5f, -2.0f, 3.25f, 0.0f, 1e-30f, 7.0f};
  std::vector<int64_t> ids = {101, -1, 1LL << 40};
  writer.add_f32("w", {2, 3}, values);
  writer.add_i64("ids", {3}, ids);
  writer.metadata["model"] = "tiny";
  writer.write(dir_ / "t.safetensors");
  auto store = io::read_safetensors(dir_ / "t.safetensors");
  EXPECT_EQ(store.to_f32("w"), values);
  EXPECT_EQ(store.to_i64("ids"), ids);
  EXPECT_EQ(store.info("w").shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(store.metadata.at("model"), "tiny");
  // Aligned F32 data is used in place, not copied.
  io::FloatTensor w = store.f32("w");
  EXPECT_EQ(w.owned, nullptr);
  EXPECT_EQ(reinterpret_cast<const std::byte*>(w.data), store.info("w").bytes.data());
  EXPECT_THROW(store.to_f32("ids"), Error);
  EXPECT_THROW(store.info("absent"), Error);
}

// A model named by a folder in Latin-1 ("caf\xe9"): nlohmann's dump() threw on its metadata, a
// message that named no file.
TEST_F(SafetensorsFile, MetadataThatIsNotUtf8IsWrittenWithReplacementCharacters) {
  io::SafetensorsWriter writer;
  std::vector<float> values = {1.0f};
  writer.add_f32("w", {1}, values);
  writer.metadata["model"] = "caf\xe9 models";
  writer.write(dir_ / "t.safetensors");
  EXPECT_EQ(io::read_safetensors(dir_ / "t.safetensors").metadata.at("model"),
            "caf\xef\xbf\xbd models");
}

TEST_F(SafetensorsFile, HalfAndBfloat16BecomeFloat) {
  io::SafetensorsWriter writer;
  // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal), +inf
  const uint16_t half[] = {0x3c00, 0xc100, 0x7bff, 0x0001, 0x7c00};
  const uint16_t bf16[] = {0x3f80, 0xc020, 0x4049};  // 1.0, -2.5, 3.140625
  writer.add("h", io::DType::F16, {5}, std::as_bytes(std::span(half)));
  writer.add("b", io::DType::BF16, {3}, std::as_bytes(std::span(bf16)));
  writer.write(dir_ / "t.safetensors");
  auto store = io::read_safetensors(dir_ / "t.safetensors");
  auto h = store.to_f32("h");
  EXPECT_EQ(h[0], 1.0f);
  EXPECT_EQ(h[1], -2.5f);
  EXPECT_EQ(h[2], 65504.0f);
  EXPECT_EQ(h[3], std::ldexp(1.0f, -24));
  EXPECT_TRUE(std::isinf(h[4]));
  EXPECT_EQ(store.to_f32("b"), (std::vector<float>{1.0f, -2.5f, 3.140625f}));
  io::FloatTensor f = store.f32("h");
  ASSERT_NE(f.owned, nullptr);
  EXPECT_EQ(f.data[1], -2.5f);
}

TEST_F(SafetensorsFile, ReadsTheGoldenFixtures) {
  auto golden = io::read_safetensors(golden_dir() / "golden_tiny.safetensors");
  EXPECT_EQ(golden.size(), 126u);
  EXPECT_EQ(golden.info("tiny-bert.0.attentions").shape, (std::vector<int64_t>{3, 4, 14, 14}));
  auto ids = golden.to_i64("tiny-bert.0.input_ids");
  EXPECT_EQ(ids.front(), 101);
  EXPECT_EQ(ids.back(), 102);
}

TEST_F(SafetensorsFile, ShardedIndexJoinsItsShards) {
  io::SafetensorsWriter a, b;
  std::vector<float> one = {1, 2}, two = {3, 4, 5};
  a.add_f32("x", {2}, one);
  b.add_f32("y", {3}, two);
  a.write(dir_ / "model-00001-of-00002.safetensors");
  b.write(dir_ / "model-00002-of-00002.safetensors");
  std::ofstream(dir_ / "model.safetensors.index.json")
      << R"({"metadata":{},"weight_map":{"x":"model-00001-of-00002.safetensors",)"
         R"("y":"model-00002-of-00002.safetensors"}})";
  auto store = io::open_checkpoint(dir_);
  EXPECT_EQ(store.to_f32("x"), one);
  EXPECT_EQ(store.to_f32("y"), two);

  // A shard name may not lead out of the folder.
  std::ofstream(dir_ / "model.safetensors.index.json")
      << R"({"weight_map":{"x":"../elsewhere.safetensors"}})";
  EXPECT_THROW(io::open_checkpoint(dir_), Error);
}

TEST_F(SafetensorsFile, CheckpointFolderWithoutWeights) {
  try {
    io::open_checkpoint(dir_);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.safetensors"), std::string::npos);
  }
  EXPECT_THROW(io::open_checkpoint(dir_ / "absent"), Error);
}

using Npy = TempDir;

TEST_F(Npy, HeaderIsAlignedAndDataFollows) {
  std::vector<float> values = {1, 2, 3, 4, 5, 6};
  io::write_npy_f32(dir_ / "a.npy", {2, 3}, values);
  std::ifstream in(dir_ / "a.npy", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t header_len =
      static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  EXPECT_EQ((10 + header_len) % 64, 0u);
  std::string header = bytes.substr(10, header_len);
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos);
  EXPECT_NE(header.find("'descr': '<f4'"), std::string::npos);
  ASSERT_EQ(bytes.size(), 10 + header_len + 24);
  float first;
  std::memcpy(&first, bytes.data() + 10 + header_len, 4);
  EXPECT_EQ(first, 1.0f);
  io::write_npy_f32(dir_ / "b.npy", {3}, std::span(values).first(3));
  std::ifstream in2(dir_ / "b.npy", std::ios::binary);
  std::string b((std::istreambuf_iterator<char>(in2)), {});
  EXPECT_NE(b.find("'shape': (3,)"), std::string::npos);
}

}  // namespace
}  // namespace attnscope::test
