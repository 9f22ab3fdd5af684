// The other figure kinds on Hugging Face's golden attentions: sizes, colours, text, layout.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "figure_checks.hpp"
#include "golden_attention.hpp"
#include "render/compare_figure.hpp"
#include "render/explore_figure.hpp"
#include "render/figure_file.hpp"
#include "render/flow_figure.hpp"
#include "render/heatmap.hpp"
#include "render/layer_figure.hpp"
#include "render/summary_figure.hpp"

namespace attnscope::render {
namespace {

using test::count_text;
using test::expect_clean_layout;
using test::golden_attention;

bool has_text(const Scene& scene, const std::string& text) {
  for (const auto* t : scene.texts())
    if (t->text == text) return true;
  return false;
}

TEST(LayerFigure, OnePanelPerHeadWithLabelsOnOuterEdges) {
  Attention a = golden_attention("tiny-bert.0");
  Scene scene = layer_figure(a, 1);
  test::keep_for_viewing("layer_tiny_bert.png", render_bytes(scene, Format::Png));
  auto panels = test::images_of(scene, a.n(), a.n());
  ASSERT_EQ(panels.size(), 4u);
  EXPECT_TRUE(has_text(scene, "tiny-bert - Layer 1 - All Attention Heads"));
  for (int h = 0; h < 4; ++h) EXPECT_TRUE(has_text(scene, "Head " + std::to_string(h)));
  // 4 heads make one row: y labels once (left column), x labels under each of the 4 panels.
  EXPECT_EQ(count_text(scene, "looked"), 1 + 4);
  // Each panel's colours are its own head's golden values.
  auto decoded = test::decode_png(render_bytes(scene, Format::Png, 150));
  const auto& ylorrd = Colormap::named("YlOrRd");
  for (int h = 0; h < 4; ++h) {
    int expected = Colormap::index(a.at(1, h, 3, 6));
    int got = test::nearest_entry(ylorrd, test::cell_pixel(decoded, panels[h], 3, 6, 150));
    EXPECT_LE(std::abs(got - expected), 1) << "head " << h;
  }
  expect_clean_layout(scene);
}

TEST(LayerFigure, TwelveHeadsMakeThreeRowsAndLongInputsStayClean) {
  Attention a = test::synthetic_attention(120, 1, 12);
  Scene scene = layer_figure(a, 0);
  auto panels = test::images_of(scene, 120, 120);
  ASSERT_EQ(panels.size(), 12u);
  EXPECT_NEAR(panels[4].box.x, panels[0].box.x, 1e-9);  // head 4 starts the second row
  EXPECT_GT(panels[4].box.y, panels[0].box.bottom());
  expect_clean_layout(scene);
  test::keep_for_viewing("layer_long.png", render_bytes(scene, Format::Png));
}

TEST(FlowFigure, HeadAveragedAttentionOfOneTokenAcrossLayers) {
  Attention a = golden_attention("tiny-bert.0");
  int cat = find_token(a, "cat");
  EXPECT_EQ(cat, 2);
  Scene scene = flow_figure(a, cat);
  std::string png = render_bytes(scene, Format::Png);
  test::keep_for_viewing("flow_tiny_bert.png", png);
  auto decoded = test::decode_png(png);
  EXPECT_EQ(decoded.width, 14 * 150);
  EXPECT_EQ(decoded.height, 8 * 150);
  auto images = test::images_of(scene, a.layers, a.n());
  ASSERT_EQ(images.size(), 1u);
  // vmax is the largest head-averaged value; check a cell against the golden mean.
  float vmax = 0;
  for (int l = 0; l < a.layers; ++l)
    for (int k = 0; k < a.n(); ++k) {
      float mean = 0;
      for (int h = 0; h < a.heads; ++h) mean += a.at(l, h, cat, k) / a.heads;
      vmax = std::max(vmax, mean);
    }
  float mean = 0;
  for (int h = 0; h < a.heads; ++h) mean += a.at(2, h, cat, 6) / a.heads;
  int expected = Colormap::index(mean / vmax);
  int got = test::nearest_entry(Colormap::named("YlOrRd"),
                                test::cell_pixel(decoded, images[0], 6, 2, 150));
  EXPECT_LE(std::abs(got - expected), 1);
  EXPECT_TRUE(has_text(scene, "Attention Flow for Token: \"cat\""));
  expect_clean_layout(scene);
}

TEST(FlowFigure, AbsentWordIsAnErrorListingTheTokens) {
  Attention a = golden_attention("tiny-bert.0");
  try {
    find_token(a, "dog");
    FAIL();
  } catch (const UsageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("'dog' is not in the text"), std::string::npos);
    EXPECT_NE(m.find("2:cat"), std::string::npos);
    EXPECT_NE(m.find("--index"), std::string::npos);
  }
  EXPECT_THROW(flow_figure(a, 14), UsageError);
  EXPECT_NO_THROW(flow_figure(a, -1));
}

TEST(CompareFigure, BluesForTheEncoderRedsForTheDecoder) {
  Attention bert = golden_attention("tiny-bert.0");
  Attention gpt2 = golden_attention("tiny-gpt2.0");
  Scene scene = compare_figure(bert, gpt2, 2, 0);
  test::keep_for_viewing("compare_tiny.png", render_bytes(scene, Format::Png));
  auto left = test::images_of(scene, bert.n(), bert.n());
  auto right = test::images_of(scene, gpt2.n(), gpt2.n());
  ASSERT_EQ(left.size(), 1u);
  ASSERT_EQ(right.size(), 1u);
  EXPECT_LT(left[0].box.right(), right[0].box.x);
  auto decoded = test::decode_png(render_bytes(scene, Format::Png, 150));
  // GPT-2 is causal: above the diagonal is masked (grey), not a weight of 0; below it, Reds
  // over the unmasked cells' own range.
  EXPECT_EQ(test::cell_pixel(decoded, right[0], 0, 5, 150), test::to_rgb(kMaskedColor));
  float gpt2_lo = 1, gpt2_hi = 0;
  for (int q = 0; q < gpt2.n(); ++q)
    for (int k = 0; k <= q; ++k)
      gpt2_lo = std::min(gpt2_lo, gpt2.at(2, 0, q, k)),
      gpt2_hi = std::max(gpt2_hi, gpt2.at(2, 0, q, k));
  EXPECT_LE(std::abs(test::nearest_entry(Colormap::named("Reds"),
                                         test::cell_pixel(decoded, right[0], 5, 2, 150)) -
                     Colormap::index((gpt2.at(2, 0, 5, 2) - gpt2_lo) / (gpt2_hi - gpt2_lo))),
            1);
  // BERT's cell on its own data range (seaborn's default).
  float lo = 1, hi = 0;
  for (int q = 0; q < bert.n(); ++q)
    for (int k = 0; k < bert.n(); ++k)
      lo = std::min(lo, bert.at(2, 0, q, k)), hi = std::max(hi, bert.at(2, 0, q, k));
  int expected = Colormap::index((bert.at(2, 0, 4, 9) - lo) / (hi - lo));
  int got =
      test::nearest_entry(Colormap::named("Blues"), test::cell_pixel(decoded, left[0], 4, 9, 150));
  EXPECT_LE(std::abs(got - expected), 1);
  std::string svg = render_bytes(scene, Format::Svg);
  EXPECT_NE(svg.find(">tiny-bert (Bidirectional Encoder)<"), std::string::npos);
  EXPECT_NE(svg.find(">tiny-gpt2 (Causal Decoder)<"), std::string::npos);
  EXPECT_NE(svg.find(">Layer 2, Head 0<"), std::string::npos);
  EXPECT_NE(svg.find(">tiny-bert vs tiny-gpt2: Attention Patterns<"), std::string::npos);
  expect_clean_layout(scene);
  std::string explanation = compare_explanation(bert, gpt2);
  EXPECT_NE(explanation.find("tiny-bert (Blue):\n  - Bidirectional"), std::string::npos);
  EXPECT_NE(explanation.find("tiny-gpt2 (Red):\n  - Causal (triangular pattern)"),
            std::string::npos);
}

TEST(CompareFigure, ColourFollowsTheModelKindNotTheArgumentOrder) {
  Attention bert = golden_attention("tiny-bert.0");
  Attention gpt2 = golden_attention("tiny-gpt2.0");
  Scene scene = compare_figure(gpt2, bert, 2, 0);  // the decoder named first
  auto left = test::images_of(scene, gpt2.n(), gpt2.n());
  ASSERT_EQ(left.size(), 1u);
  auto decoded = test::decode_png(render_bytes(scene, Format::Png, 150));
  // GPT-2, now on the left, is still drawn in Reds: its largest weight is Reds' last entry.
  int top_q = 0, top_k = 0;
  for (int q = 0; q < gpt2.n(); ++q)
    for (int k = 0; k <= q; ++k)
      if (gpt2.at(2, 0, q, k) > gpt2.at(2, 0, top_q, top_k)) top_q = q, top_k = k;
  EXPECT_EQ(test::cell_pixel(decoded, left[0], top_q, top_k, 150),
            test::to_rgb(Colormap::named("Reds").at(1)));
  EXPECT_EQ(test::cell_pixel(decoded, left[0], 0, 5, 150), test::to_rgb(kMaskedColor));
  EXPECT_EQ(compare_colormap(gpt2), "Reds");
  EXPECT_EQ(compare_colormap(bert), "Blues");
  std::string explanation = compare_explanation(gpt2, bert);
  EXPECT_NE(explanation.find("tiny-gpt2 (Red):"), std::string::npos);
  EXPECT_NE(explanation.find("tiny-bert (Blue):"), std::string::npos);
  EXPECT_LT(explanation.find("tiny-gpt2"), explanation.find("tiny-bert"));
}

TEST(SummaryFigure, FourPanelsFromTheGoldenStatistics) {
  Attention a = golden_attention("tiny-bert.3");
  Scene scene = summary_figure(a);
  std::string png = render_bytes(scene, Format::Png);
  test::keep_for_viewing("summary_tiny_bert.png", png);
  auto decoded = test::decode_png(png);
  EXPECT_EQ(decoded.width, 16 * 150);
  EXPECT_EQ(decoded.height, 12 * 150);
  for (const char* title :
       {"tiny-bert Attention Analysis Summary", "Attention Sharpness Across Layers",
        "Attention Entropy Across Layers", "Average Attention (All Layers & Heads)",
        "Attention Received by Each Token"})
    EXPECT_TRUE(has_text(scene, title)) << title;
  EXPECT_FALSE(has_text(scene, "Average Attention Across Layers"));
  // Sharpness computed here from the golden tensor.
  auto sharp = sharpness_by_layer(a);
  for (int l = 0; l < a.layers; ++l) {
    double sum = 0;
    for (int h = 0; h < a.heads; ++h)
      for (int q = 0; q < a.n(); ++q) {
        float m = 0;
        for (int k = 0; k < a.n(); ++k) m = std::max(m, a.at(l, h, q, k));
        sum += m;
      }
    EXPECT_NEAR(sharp[l], sum / (a.heads * a.n()), 1e-6);
  }
  int markers = 0, bars = 0;
  for (const auto& item : scene.items()) {
    markers += std::holds_alternative<MarkerItem>(item);
    if (const auto* r = std::get_if<RectItem>(&item))
      bars += r->fill.alpha > 0.6 && r->fill.alpha < 0.8;
  }
  EXPECT_EQ(markers, 2 * a.layers);
  EXPECT_EQ(bars, a.n());
  expect_clean_layout(scene);

  SummaryOptions seed_options;
  seed_options.seed_exact = true;
  Scene seed = summary_figure(a, seed_options);
  EXPECT_TRUE(has_text(seed, "Average Attention Across Layers"));
  std::string text = summary_text(a);
  EXPECT_NE(text.find("Total layers: 3"), std::string::npos);
  EXPECT_NE(text.find("Avg attention weight: " + std::string(a.n() == 14 ? "0.0714" : "")),
            std::string::npos);
  EXPECT_NE(text.find("Most attended token: '"), std::string::npos);
}

TEST(Explore, ChoosesTheMostFocusedNonSinkHead) {
  Attention a = golden_attention("tiny-gpt2.1");
  Exploration e = explore_heads(a, test::golden_text("tiny-gpt2.1"));
  // Recompute the choice from the golden tensor: lowest mean row entropy / ln n among heads whose
  // first-token share is at most 0.5.
  double best = 1e9;
  int bl = -1, bh = -1;
  for (int l = 0; l < a.layers; ++l)
    for (int h = 0; h < a.heads; ++h) {
      double entropy = 0, first = 0;
      for (int q = 0; q < a.n(); ++q) {
        first += a.at(l, h, q, 0) / a.n();
        for (int k = 0; k < a.n(); ++k) {
          double p = a.at(l, h, q, k);
          entropy -= p * std::log(p + 1e-10);
        }
      }
      entropy /= a.n() * std::log(a.n());
      if (first <= 0.5 && entropy < best) best = entropy, bl = l, bh = h;
    }
  ASSERT_GE(bl, 0);
  EXPECT_EQ(e.layer, bl);
  EXPECT_EQ(e.head, bh);
  EXPECT_NE(e.report.find("Showing Layer " + std::to_string(bl) + ", Head " + std::to_string(bh)),
            std::string::npos);
  EXPECT_NE(e.report.find("Tokens: ['The', 'quick'"), std::string::npos);
  Scene scene = explore_figure(a, e);
  EXPECT_TRUE(has_text(scene, "Layer " + std::to_string(bl) + ", Head " + std::to_string(bh)));
  test::keep_for_viewing("explore_tiny_gpt2.png", render_bytes(scene, Format::Png));
}

}  // namespace
}  // namespace attnscope::render

namespace attnscope::render {
namespace {

// Every figure kind on a long input with long token labels: labels shortened and thinned, none
// overlapping, none outside the figure.
TEST(LongInputs, EveryFigureKindStaysReadable) {
  Attention a = test::synthetic_attention(300, 2, 4);
  for (int i = 0; i < a.n(); i += 7)
    a.tokens[i].display = "supercalifragilistic" + std::to_string(i);
  Attention b = test::synthetic_attention(260, 2, 4, /*causal=*/true);
  std::vector<std::pair<std::string, Scene>> scenes;
  scenes.emplace_back("head", head_figure(a, 1, 3));
  scenes.emplace_back("layer", layer_figure(a, 0));
  scenes.emplace_back("flow", flow_figure(a, 7));
  scenes.emplace_back("compare", compare_figure(a, b, 1, 2));
  scenes.emplace_back("summary", summary_figure(a));
  for (const auto& [name, scene] : scenes) {
    EXPECT_EQ(test::overlapping_texts(scene), std::vector<std::string>{}) << name;
    EXPECT_EQ(test::texts_outside(scene), std::vector<std::string>{}) << name;
    for (const auto* t : scene.texts()) {  // tick labels are shortened (the flow title is not)
      if (t->text.rfind("Attention Flow", 0) == 0) continue;
      EXPECT_EQ(t->text.find("supercalifragilistic"), std::string::npos) << name << ": " << t->text;
    }
  }
  bool shortened = false;
  for (const auto* t : scenes[0].second.texts()) shortened |= t->text == "supercalifragil\u2026";
  EXPECT_TRUE(shortened);
}

}  // namespace
}  // namespace attnscope::render

namespace attnscope::render {
namespace {

// A 300-token summary was 4992 px wide with the notebook's 10 pt labels: fonts now grow with it.
TEST(SummaryFigure, FontsGrowWithTheFigure) {
  const Attention a = test::synthetic_attention(300, 2, 2);
  const Scene scene = summary_figure(a, {});
  EXPECT_DOUBLE_EQ(scene.width(), 2 * 16 * 72);  // 600 tokens' worth of panels: twice the size
  double suptitle = 0, panel_title = 0;
  for (const auto* t : scene.texts()) {
    if (t->text == "synthetic Attention Analysis Summary") suptitle = t->style.font.size;
    if (t->text == "Attention Entropy Across Layers") panel_title = t->style.font.size;
  }
  EXPECT_DOUBLE_EQ(suptitle, 32);
  EXPECT_DOUBLE_EQ(panel_title, 28);
  EXPECT_EQ(test::texts_outside(scene), std::vector<std::string>{});
  EXPECT_EQ(test::overlapping_texts(scene), std::vector<std::string>{});
  test::keep_for_viewing("summary_long.png", render_bytes(scene, Format::Png, 40));
}

}  // namespace
}  // namespace attnscope::render
