// Every script gets real glyphs: cairo's toy text API drew CJK as empty boxes. Pango counts the
// characters it could find no font for, so a box anywhere is a failure here.
#include <gtest/gtest.h>

#include "figure_checks.hpp"
#include "golden_attention.hpp"
#include "render/figure_file.hpp"
#include "render/head_figure.hpp"
#include "render/text_metrics.hpp"

namespace attnscope::render {
namespace {

const std::string kMixed = "注意力机制 日本語のテキスト 😀🎉 مرحبا بالعالم café naïve Ωμέγα Привет";

TEST(TextGlyphs, CjkEmojiArabicAndAccentsAllHaveGlyphs) {
  for (const bool bold : {false, true}) EXPECT_EQ(missing_glyphs(kMixed, {10, bold}), 0) << bold;
  // The check can fail: a private-use character has a glyph in no font.
  EXPECT_GE(missing_glyphs("a\U0010FFFDb", {10, false}), 1);
}

TEST(TextGlyphs, AFigureOfMixedScriptsDrawsNoBox) {
  Attention a = test::synthetic_attention(6, 1, 1);
  const std::vector<std::string> words = {"注意力", "😀", "مرحبا", "café", "テキスト", "Привет"};
  for (int i = 0; i < 6; ++i) a.tokens[i].piece = a.tokens[i].display = words[i];
  a.tokens.front().special = a.tokens.back().special = false;
  const Scene scene = head_figure(a, 0, 0);
  int labels = 0;
  for (const auto* t : scene.texts()) {
    EXPECT_EQ(missing_glyphs(t->text, t->style.font), 0) << t->text;
    labels += t->text == "注意力";
  }
  EXPECT_EQ(labels, 2);  // both axes
  // Wide glyphs are measured as wide: CJK is not measured as DejaVu's fallback boxes.
  EXPECT_GT(measure_text("注意力", {10, false}).width, 2.5 * 10 * 0.9);
  EXPECT_EQ(test::overlapping_texts(scene), std::vector<std::string>{});
  const std::string png = render_bytes(scene, Format::Png, 100);
  test::keep_for_viewing("mixed_scripts.png", png);
  EXPECT_GT(test::decode_png(png).width, 0);
}

}  // namespace
}  // namespace attnscope::render
