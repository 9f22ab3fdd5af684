#include "web/compact_matrix.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/base64.hpp"
#include "io/dtype.hpp"

namespace attnscope::web {
namespace {

// What the page does: inflate one chunk and join its high and low byte planes into float16s.
std::vector<float> inflated_slice(const nlohmann::json& chunk, std::size_t count) {
  const std::string deflated = base64_decode(chunk.get<std::string>());
  std::string planes(2 * count, '\0');
  uLongf size = static_cast<uLongf>(planes.size());
  EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(planes.data()), &size,
                       reinterpret_cast<const Bytef*>(deflated.data()),
                       static_cast<uLong>(deflated.size())),
            Z_OK);
  EXPECT_EQ(size, planes.size());
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto high = static_cast<unsigned char>(planes[i]);
    const auto low = static_cast<unsigned char>(planes[count + i]);
    values[i] = io::half_to_float(static_cast<unsigned short>(high << 8 | low));
  }
  return values;
}

TEST(CompactMatrix, EverySliceInflatesToValuesWithinHalfAStep) {
  std::mt19937 random(7);
  std::uniform_real_distribution<float> weight(0.0f, 1.0f);
  const std::vector<int> shape{3, 2, 5, 5};
  std::vector<float> values(3 * 2 * 5 * 5);
  for (auto& value : values) value = weight(random);
  values[0] = 0.0f;
  values[1] = 1.0f;
  values[2] = 1e-6f;  // rounds to 0: tiny weights collapse, which is what makes planes compress

  const auto json = compact_matrix_json(values, shape);
  EXPECT_EQ(json["dtype"], "float16");
  EXPECT_EQ(json["encoding"], "deflate-byte-planes");
  EXPECT_EQ(json["shape"], nlohmann::json(shape));
  EXPECT_DOUBLE_EQ(json["step"].get<double>(), 1.0 / 2048);
  ASSERT_EQ(json["chunks"].size(), 3u);

  const std::size_t per_slice = 2 * 5 * 5;
  double worst = 0;
  for (std::size_t s = 0; s < 3; ++s) {
    const auto slice = inflated_slice(json["chunks"][s], per_slice);
    for (std::size_t i = 0; i < per_slice; ++i) {
      const float exact = values[s * per_slice + i];
      worst = std::max(worst, std::abs(static_cast<double>(slice[i]) - exact));
      // Each stored value is a multiple of the step, so equal weights stay equal on the page.
      EXPECT_DOUBLE_EQ(std::fmod(slice[i] * 2048.0, 1.0), 0.0) << s << " " << i;
    }
  }
  EXPECT_LE(worst, 0.5 / 2048 + 1e-9);
  EXPECT_GT(worst, 0.0);  // values were rounded, so the test would see a wrong plane order
  const auto first = inflated_slice(json["chunks"][0], per_slice);
  EXPECT_EQ(first[0], 0.0f);
  EXPECT_EQ(first[1], 1.0f);
  EXPECT_EQ(first[2], 0.0f);
}

TEST(CompactMatrix, ValuesOutsideTheUnitRangeKeepHalfPrecisionAndNaNSurvives) {
  const std::vector<float> values{std::numeric_limits<float>::quiet_NaN(), -0.3f, 3.14159f,
                                  70000.0f};
  const auto json = compact_matrix_json(values, {1, 4});
  const auto slice = inflated_slice(json["chunks"][0], 4);
  EXPECT_TRUE(std::isnan(slice[0]));
  EXPECT_EQ(slice[1], io::half_to_float(io::float_to_half(-0.3f)));
  EXPECT_EQ(slice[2], io::half_to_float(io::float_to_half(3.14159f)));
  EXPECT_TRUE(std::isinf(slice[3]));
}

TEST(CompactMatrix, AShapeThatDisagreesWithTheValuesIsRefused) {
  const std::vector<float> values(6, 0.5f);
  EXPECT_THROW(compact_matrix_json(values, {4, 2}), std::exception);
  EXPECT_THROW(compact_matrix_json(values, {0, 6}), std::exception);
}

TEST(CompactMatrix, AttentionOfALongTextShrinksToAFractionOfFloat32) {
  // A peaked softmax row per query, as trained heads have: most weights near 0.
  const int n = 300;
  std::vector<float> values(static_cast<std::size_t>(n) * n);
  std::mt19937 random(3);
  std::exponential_distribution<double> logit(0.25);
  for (int q = 0; q < n; ++q) {
    double sum = 0;
    std::vector<double> row(n);
    for (auto& x : row) sum += (x = std::exp(-logit(random)));
    for (int k = 0; k < n; ++k) values[q * n + k] = static_cast<float>(row[k] / sum);
  }
  const auto json = compact_matrix_json(values, {1, n, n});
  const std::size_t stored = json["chunks"][0].get<std::string>().size();
  const std::size_t float32_base64 = values.size() * 4 * 4 / 3;
  EXPECT_LT(stored, float32_base64 / 4);
}

}  // namespace
}  // namespace attnscope::web
