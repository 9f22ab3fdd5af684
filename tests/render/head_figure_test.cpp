#include "render/head_figure.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "figure_checks.hpp"
#include "golden_attention.hpp"
#include "render/figure_file.hpp"

namespace attnscope::render {
namespace {

using test::golden_attention;

TEST(HeadFigure, PngHasTheNotebookSizeAndGoldenCellColours) {
  Attention a = golden_attention("tiny-bert.0");
  Scene scene = head_figure(a, 1, 2);
  std::string png = render_bytes(scene, Format::Png, 150);
  test::keep_for_viewing("head_tiny_bert.png", png);
  auto decoded = test::decode_png(png);
  EXPECT_EQ(decoded.width, 1800);  // figsize (12, 10) at dpi 150
  EXPECT_EQ(decoded.height, 1500);

  auto heatmaps = test::images_of(scene, a.n(), a.n());
  ASSERT_EQ(heatmaps.size(), 1u);
  const auto& ylorrd = Colormap::named("YlOrRd");
  for (auto [q, k] : {std::pair{0, 0}, {2, 5}, {13, 1}, {7, 7}, {4, 12}}) {
    float golden = a.at(1, 2, q, k);
    int expected = Colormap::index(golden);  // vmin 0, vmax 1
    int got = test::nearest_entry(ylorrd, test::cell_pixel(decoded, heatmaps[0], q, k, 150));
    EXPECT_LE(std::abs(got - expected), 1) << "cell (" << q << ", " << k << ") value " << golden;
  }
}

TEST(HeadFigure, ColorbarEndsAreTheColormapEnds) {
  Attention a = golden_attention("tiny-bert.0");
  Scene scene = head_figure(a, 0, 0);
  auto decoded = test::decode_png(render_bytes(scene, Format::Png, 150));
  auto bars = test::images_of(scene, 1, Colormap::kSteps);
  ASSERT_EQ(bars.size(), 1u);
  const auto& ylorrd = Colormap::named("YlOrRd");
  EXPECT_EQ(test::cell_pixel(decoded, bars[0], 0, 0, 150), test::to_rgb(ylorrd.at(1)));
  EXPECT_EQ(test::cell_pixel(decoded, bars[0], Colormap::kSteps - 1, 0, 150),
            test::to_rgb(ylorrd.at(0)));
  // Its ticks run from 0 (bottom) to 1 (top).
  bool has_zero = false, has_one = false;
  for (const auto* t : scene.texts()) {
    if (t->text == "0.0") has_zero = t->anchor.y > bars[0].box.bottom() - 1;
    if (t->text == "1.0") has_one = t->anchor.y < bars[0].box.y + 1;
  }
  EXPECT_TRUE(has_zero);
  EXPECT_TRUE(has_one);
}

TEST(HeadFigure, SvgAndPdfCarryTitleAndTokenLabelsAsText) {
  Attention a = golden_attention("tiny-gpt2.0");
  Scene scene = head_figure(a, -1, 3);
  std::string svg = render_bytes(scene, Format::Svg);
  std::string pdf = render_bytes(scene, Format::Pdf);
  test::keep_for_viewing("head_tiny_gpt2.svg", svg);
  test::keep_for_viewing("head_tiny_gpt2.pdf", pdf);
  std::string pdf_text = test::pdf_text(pdf);
  for (std::string s : {"Layer 2, Head 3", "Attention Weight", "Key Tokens", "Query Tokens",
                        "looked", "bird", "cat"}) {
    EXPECT_NE(svg.find(">" + s + "<"), std::string::npos) << s;
    EXPECT_NE(pdf_text.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(svg.find("\xC4\xA0"), std::string::npos);  // no raw Ġ
}

TEST(HeadFigure, NoTextOverlapsOrLeavesTheFigure) {
  for (const char* key : {"tiny-bert.0", "tiny-gpt2.9", "tiny-bert.8"}) {
    Scene scene = head_figure(golden_attention(key), 0, 1);
    EXPECT_EQ(test::overlapping_texts(scene), std::vector<std::string>{}) << key;
    EXPECT_EQ(test::texts_outside(scene), std::vector<std::string>{}) << key;
  }
}

TEST(HeadFigure, NoSpecialHidesClsAndSep) {
  Attention a = golden_attention("tiny-bert.0");
  Scene scene = head_figure(a, 0, 0, {.hide_special = true});
  EXPECT_EQ(test::images_of(scene, a.n() - 2, a.n() - 2).size(), 1u);
  for (const auto* t : scene.texts()) {
    EXPECT_NE(t->text, "[CLS]");
    EXPECT_NE(t->text, "[SEP]");
  }
}

TEST(HeadFigure, LongInputThinsLabelsWithoutOverlap) {
  Attention a = test::synthetic_attention(500, 1, 1);
  Scene scene = head_figure(a, 0, 0);
  EXPECT_GT(scene.width(), 12 * 72);  // the canvas grew
  EXPECT_EQ(test::overlapping_texts(scene), std::vector<std::string>{});
  EXPECT_EQ(test::texts_outside(scene), std::vector<std::string>{});
  int token_labels = 0;
  for (const auto* t : scene.texts()) token_labels += t->text.rfind("tok", 0) == 0;
  EXPECT_GT(token_labels, 40);       // still labelled...
  EXPECT_LT(token_labels, 2 * 500);  // ...but thinned
  // No borders on long inputs: the only lines are the colorbar's ticks.
  int lines = 0;
  for (const auto& item : scene.items()) lines += std::holds_alternative<LineItem>(item);
  EXPECT_LT(lines, 20);
  test::keep_for_viewing("head_long.png", render_bytes(scene, Format::Png, 150));
}

TEST(HeadFigure, UnknownLayerOrHeadSaysTheValidRange) {
  Attention a = golden_attention("tiny-bert.0");
  try {
    head_figure(a, 3, 0);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--layer 3 does not exist; valid: 0..2 (or -3..-1 from the end)");
  }
  EXPECT_THROW(head_figure(a, 0, -5), UsageError);
  EXPECT_NO_THROW(head_figure(a, -3, -4));
}

}  // namespace
}  // namespace attnscope::render
