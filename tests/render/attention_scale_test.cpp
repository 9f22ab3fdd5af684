// The colour scale of token-attention heatmaps on long inputs, and the options that change it;
// the masked triangle of causal heads; labels and fonts of long inputs.
#include "render/attention_scale.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "analysis/rollout.hpp"
#include "figure_checks.hpp"
#include "golden_attention.hpp"
#include "render/figure_file.hpp"
#include "render/head_figure.hpp"
#include "render/layer_figure.hpp"
#include "render/rollout_figure.hpp"
#include "render/summary_figure.hpp"

namespace attnscope::render {
namespace {

Matrix counting(int n) {  // 0, 1, ..., n*n - 1, scaled into 0..1
  Matrix m{n, n, {}};
  for (int i = 0; i < n * n; ++i) m.values.push_back(static_cast<float>(i) / (n * n));
  return m;
}

TEST(AttentionScale, PercentileIsNumpysLinearOneOverTheUnmaskedCells) {
  Matrix m{1, 101, {}};
  for (int i = 0; i <= 100; ++i) m.values.push_back(static_cast<float>(i));
  EXPECT_DOUBLE_EQ(unmasked_percentile({m}, 99), 99);
  EXPECT_DOUBLE_EQ(unmasked_percentile({m}, 99.5), 99.5);
  // Masking the top ten leaves 0..90: numpy.percentile(range(91), 99) = 89.1.
  m.masked.assign(101, 0);
  for (int i = 91; i <= 100; ++i) m.masked[i] = 1;
  EXPECT_NEAR(unmasked_percentile({m}, 99), 89.1, 1e-4);
}

TEST(AttentionScale, ZeroToOneUpTo64TokensThe99thPercentileBeyond) {
  const auto short_input = attention_scale({counting(8)}, {}, 64);
  EXPECT_EQ(short_input.scale.vmin, 0);
  EXPECT_EQ(short_input.scale.vmax, 1);
  EXPECT_EQ(short_input.label, "Attention Weight");
  EXPECT_EQ(short_input.scale.colormap->name(), "YlOrRd");

  const Matrix m = counting(80);
  const auto long_input = attention_scale({m}, {}, 80);
  EXPECT_NEAR(long_input.scale.vmax, unmasked_percentile({m}, 99), 1e-12);
  EXPECT_LT(long_input.scale.vmax, 1);
  EXPECT_EQ(long_input.label.rfind("Attention Weight (top: 99th percentile, 0.9", 0), 0u)
      << long_input.label;
}

TEST(AttentionScale, VmaxCmapAndLogOverride) {
  const Matrix m = counting(80);
  const auto fixed = attention_scale({m}, {.cmap = "viridis", .vmax = 0.3}, 80);
  EXPECT_EQ(fixed.scale.vmax, 0.3);
  EXPECT_EQ(fixed.scale.colormap->name(), "viridis");
  EXPECT_EQ(fixed.label, "Attention Weight (top 0.3)");
  const auto forced = attention_scale({counting(8)}, {.vmax_auto = true}, 8);
  EXPECT_NEAR(forced.scale.vmax, unmasked_percentile({counting(8)}, 99), 1e-12);

  const auto log = attention_scale({m}, {.vmax = 1.0, .log = true}, 80);
  EXPECT_TRUE(log.scale.log);
  // The smallest positive weight is 1/6400, within four decades of the top.
  EXPECT_NEAR(log.scale.vmin, 1.0 / 6400, 1e-9);
  EXPECT_NEAR(log.scale.fraction(0.01), std::log(64) / std::log(6400), 1e-6);
  EXPECT_EQ(log.scale.fraction(0), 0);  // zero is below any log scale: the first colour
  EXPECT_EQ(log.label, "Attention Weight (top 1, log scale)");
}

// A causal head's future keys are no weights of 0: they are drawn grey, and the footnote says so.
TEST(HeadFigure, ACausalHeadsFutureKeysAreGreyNotZero) {
  const Attention gpt2 = test::golden_attention("tiny-gpt2.0");
  const Scene scene = head_figure(gpt2, 1, 0);
  const auto cells = test::images_of(scene, gpt2.n(), gpt2.n());
  ASSERT_EQ(cells.size(), 1u);
  const auto& pixels = cells[0].pixels;
  EXPECT_EQ(pixels[1], kMaskedColor);                                   // row 0, key 1
  EXPECT_NE(pixels[static_cast<std::size_t>(gpt2.n())], kMaskedColor);  // row 1, key 0
  bool noted = false;
  for (const auto* t : scene.texts()) noted |= t->text.rfind("Grey: keys after the query", 0) == 0;
  EXPECT_TRUE(noted);
  const Attention bert = test::golden_attention("tiny-bert.0");
  const Scene encoder = head_figure(bert, 1, 0);
  for (const auto* t : encoder.texts()) EXPECT_EQ(t->text.rfind("Grey:", 0), std::string::npos);
  const auto bert_cells = test::images_of(encoder, bert.n(), bert.n());
  ASSERT_EQ(bert_cells.size(), 1u);
  EXPECT_EQ(std::count(bert_cells[0].pixels.begin(), bert_cells[0].pixels.end(), kMaskedColor), 0);
}

// The summary's average over every head held 0 above a causal model's diagonal and drew it as
// the lowest colour, as if those keys had been ignored rather than unreachable.
TEST(SummaryFigure, ACausalModelsAverageIsGreyAboveTheDiagonal) {
  const Attention gpt2 = test::golden_attention("tiny-gpt2.0");
  const Scene scene = summary_figure(gpt2);
  const auto cells = test::images_of(scene, gpt2.n(), gpt2.n());
  ASSERT_EQ(cells.size(), 1u);
  const auto& pixels = cells[0].pixels;
  const auto n = static_cast<std::size_t>(gpt2.n());
  for (std::size_t q = 0; q < n; ++q)
    for (std::size_t k = 0; k < n; ++k)
      EXPECT_EQ(pixels[q * n + k] == kMaskedColor, k > q) << q << "," << k;
  bool noted = false;
  for (const auto* t : scene.texts()) noted |= t->text.rfind("Grey: keys after the query", 0) == 0;
  EXPECT_TRUE(noted);
  const Attention bert = test::golden_attention("tiny-bert.0");
  const auto bert_cells = test::images_of(summary_figure(bert), bert.n(), bert.n());
  ASSERT_EQ(bert_cells.size(), 1u);
  EXPECT_EQ(std::count(bert_cells[0].pixels.begin(), bert_cells[0].pixels.end(), kMaskedColor), 0);
  test::expect_clean_layout(scene);
}

std::pair<std::vector<std::string>, std::vector<std::string>> axis_labels(const Scene& scene) {
  std::vector<std::string> x, y;
  for (const auto* t : scene.texts()) {
    if (t->text.rfind("tok", 0) != 0) continue;
    (t->angle != 0 ? x : y).push_back(t->text);
  }
  return {x, y};
}

// At 312 tokens the y axis showed every 4th token and the x axis every 6th: no row could be
// matched with its column.
TEST(HeadFigure, BothAxesLabelTheSameTokens) {
  const Attention a = test::synthetic_attention(312, 1, 1);
  const Scene scene = head_figure(a, 0, 0);
  const auto [x, y] = axis_labels(scene);
  EXPECT_GT(x.size(), 20u);
  EXPECT_EQ(x, y);
  EXPECT_EQ(test::overlapping_texts(scene), std::vector<std::string>{});
  const Scene layer = layer_figure(test::synthetic_attention(200, 1, 4), 0);
  std::set<std::string> layer_x, layer_y;
  for (const auto* t : layer.texts())
    if (t->text.rfind("tok", 0) == 0) (t->angle != 0 ? layer_x : layer_y).insert(t->text);
  EXPECT_GT(layer_x.size(), 10u);
  EXPECT_EQ(layer_x, layer_y);
}

double font_of(const Scene& scene, const std::string& text) {
  for (const auto* t : scene.texts())
    if (t->text == text) return t->style.font.size;
  return 0;
}

TEST(HeadFigure, SizeAndFontSizeSetTheFigure) {
  const Attention a = test::golden_attention("tiny-bert.0");
  FigureOptions options;
  options.size_inches = std::pair{7.0, 6.0};
  options.font_size = 20;
  const Scene scene = head_figure(a, 1, 0, options);
  EXPECT_DOUBLE_EQ(scene.width(), 7 * 72);
  EXPECT_DOUBLE_EQ(scene.height(), 6 * 72);
  EXPECT_DOUBLE_EQ(font_of(scene, "Layer 1, Head 0"), 28);  // the title, 14/10 of the labels
  EXPECT_DOUBLE_EQ(font_of(scene, "Key Tokens"), 24);
  EXPECT_EQ(test::texts_outside(scene), std::vector<std::string>{});
  // The layer figure's ticks take --font-size as well (its own default is 7 pt).
  FigureOptions layer_options;
  layer_options.font_size = 14;
  const Scene layer = layer_figure(a, 1, layer_options);
  EXPECT_DOUBLE_EQ(font_of(layer, "Head 0"), 20);  // the panel titles, 10/7 of the ticks
  // A grown figure grows its fonts with it: 600 tokens are twice the notebook's size.
  const Scene grown = head_figure(test::synthetic_attention(600, 1, 1), 0, 0);
  EXPECT_DOUBLE_EQ(grown.width(), 2 * 12 * 72);
  EXPECT_DOUBLE_EQ(font_of(grown, "Layer 0, Head 0"), 28);
}

// The log scale's colorbar ticks are decades.
TEST(HeadFigure, LogScaleTicksAreDecades) {
  const Attention a = test::synthetic_attention(100, 1, 1);
  FigureOptions options;
  options.scale.log = true;
  options.scale.vmax = 1;
  const Scene scene = head_figure(a, 0, 0, options);
  std::set<std::string> texts;
  for (const auto* t : scene.texts()) texts.insert(t->text);
  EXPECT_TRUE(texts.count("0.01"));
  EXPECT_TRUE(texts.count("0.1"));
  EXPECT_TRUE(texts.count("1"));
}

}  // namespace
}  // namespace attnscope::render

namespace attnscope::render {
namespace {

// A causal model's rollout is 0 above the diagonal by construction: masked like its heads.
TEST(RolloutFigure, ACausalRolloutsLaterInputsAreGrey) {
  for (const std::string key : {"tiny-gpt2.0", "tiny-bert.0"}) {
    const Attention a = test::golden_attention(key);
    const auto rollout = analysis::attention_rollout(a, {});
    const std::size_t cells = static_cast<std::size_t>(a.n()) * a.n();
    const std::vector<double> last(rollout.layer(a.layers - 1),
                                   rollout.layer(a.layers - 1) + cells);
    const Scene scene = rollout_figure(a, last, "rollout");
    const auto images = test::images_of(scene, a.n(), a.n());
    ASSERT_EQ(images.size(), 1u) << key;
    const auto grey = std::count(images[0].pixels.begin(), images[0].pixels.end(), kMaskedColor);
    EXPECT_EQ(grey, a.causal() ? static_cast<long>(a.n() * (a.n() - 1) / 2) : 0) << key;
  }
}

}  // namespace
}  // namespace attnscope::render
