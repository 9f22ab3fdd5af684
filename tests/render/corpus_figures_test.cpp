// The corpus command's figures on results from the real analyses of a made-up model: layout,
// text, colours and positions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "corpus_examples.hpp"
#include "figure_checks.hpp"
#include "render/behaviour_colors.hpp"
#include "render/corpus_stats_figure.hpp"
#include "render/figure_file.hpp"
#include "render/head_map_figure.hpp"
#include "render/probe_figure.hpp"

namespace attnscope::render {
namespace {

using test::count_text;
using test::expect_clean_layout;

const test::CorpusExample& example() {
  static const test::CorpusExample e = test::corpus_example();
  return e;
}

std::vector<MarkerItem> markers_of(const Scene& scene, const Rgb& color) {
  std::vector<MarkerItem> out;
  for (const auto& item : scene.items())
    if (const auto* m = std::get_if<MarkerItem>(&item))
      if (m->color.rgb == color) out.push_back(*m);
  return out;
}

std::vector<MarkerItem> all_markers(const Scene& scene) {
  std::vector<MarkerItem> out;
  for (const auto& item : scene.items())
    if (const auto* m = std::get_if<MarkerItem>(&item)) out.push_back(*m);
  return out;
}

// Writes all three formats (kept for viewing when ATTNSCOPE_KEEP_FIGURES is set) and checks
// that each is a real file of its kind.
void check_formats(const Scene& scene, const std::string& name, const std::string& some_text) {
  const std::string png = render_bytes(scene, Format::Png), svg = render_bytes(scene, Format::Svg),
                    pdf = render_bytes(scene, Format::Pdf);
  test::keep_for_viewing(name + ".png", png);
  test::keep_for_viewing(name + ".svg", svg);
  const auto decoded = test::decode_png(png);
  EXPECT_EQ(decoded.width, std::ceil(scene.width() * kDefaultDpi / 72 - 1e-6));
  EXPECT_EQ(decoded.height, std::ceil(scene.height() * kDefaultDpi / 72 - 1e-6));
  EXPECT_NE(svg.find(some_text), std::string::npos);
  EXPECT_NE(test::pdf_text(pdf).find(some_text), std::string::npos);
}

TEST(HeadMapFigure, EveryHeadTwiceColouredByLayerAndByBehaviour) {
  const auto& e = example();
  const Scene scene = head_map_figure(e.distance, e.stats);
  EXPECT_EQ(count_text(scene, "Coloured by layer"), 1);
  EXPECT_EQ(count_text(scene, "Behaviours"), 1);
  EXPECT_EQ(count_text(scene, "Layer"), 1);  // the colorbar's label
  // Each label present is in the legend with its count, and has that many dots plus a swatch.
  int labelled = 0;
  for (const std::string label : {"previous", "next", "broad", "[CLS]", "[SEP]", "punct", ""}) {
    const auto count = std::count(e.stats.labels.begin(), e.stats.labels.end(), label);
    if (count == 0) continue;
    labelled += static_cast<int>(count);
    const Behaviour b = behaviour_of(label);
    EXPECT_EQ(count_text(scene, b.legend + " (" + std::to_string(count) + ")"), 1) << label;
    EXPECT_EQ(markers_of(scene, b.color).size(), static_cast<std::size_t>(count + 1)) << label;
  }
  EXPECT_EQ(labelled, 144);
  // The example has heads of every kind it was built with.
  for (const std::string label : {"previous", "next", "broad", "[CLS]", "[SEP]", "punct"})
    EXPECT_GT(std::count(e.stats.labels.begin(), e.stats.labels.end(), label), 0) << label;
  expect_clean_layout(scene);
  check_formats(scene, "head_map", "Coloured by layer");
}

TEST(HeadMapFigure, MapKeepsTheMdsGeometryWithEqualScales) {
  const auto& e = example();
  const Scene scene = head_map_figure(e.distance, e.stats);
  const auto markers = all_markers(scene);
  ASSERT_GE(markers.size(), 288u);
  // The first 144 markers are the layer panel's heads in order, coloured by layer.
  const auto& viridis = Colormap::named("viridis");
  for (int h = 0; h < 144; ++h) EXPECT_EQ(markers[h].color.rgb, viridis.map(h / 12, 0, 11)) << h;
  // Figure distances are MDS distances times one scale, whatever the direction.
  const auto& points = e.distance.map.points;
  auto figure_distance = [&](int a, int b) {
    return std::hypot(markers[a].center.x - markers[b].center.x,
                      markers[a].center.y - markers[b].center.y);
  };
  auto map_distance = [&](int a, int b) {
    return std::hypot(points[a][0] - points[b][0], points[a][1] - points[b][1]);
  };
  const double scale = figure_distance(0, 143) / map_distance(0, 143);
  for (auto [a, b] : {std::pair{1, 77}, {5, 6}, {40, 120}, {13, 100}})
    EXPECT_NEAR(figure_distance(a, b), scale * map_distance(a, b), 1e-6 * scale) << a << " " << b;
  // Heads with the same behaviour sit closer together than heads of different behaviours.
  double same = 0, different = 0;
  int same_n = 0, different_n = 0;
  for (int a = 0; a < 144; ++a)
    for (int b = a + 1; b < 144; ++b) {
      if (e.stats.labels[a].empty() || e.stats.labels[b].empty()) continue;
      (e.stats.labels[a] == e.stats.labels[b] ? same : different) += map_distance(a, b);
      ++(e.stats.labels[a] == e.stats.labels[b] ? same_n : different_n);
    }
  EXPECT_LT(same / same_n, 0.5 * different / different_n);
}

TEST(CorpusStatsFigure, OneStripPlotPerMetricWithEveryHead) {
  const auto& e = example();
  const Scene scene = corpus_stats_figure(e.stats);
  for (const auto& [metric, values] : e.stats.metrics)
    EXPECT_EQ(count_text(scene, corpus_metric_title(metric)), 1) << metric;
  EXPECT_EQ(count_text(scene, "Attention to the previous token"), 1);
  EXPECT_EQ(count_text(scene, "uniform attention (entropy)"), 1);  // one legend for all panels
  EXPECT_EQ(count_text(scene, "Layer"), static_cast<int>(e.stats.metrics.size()));
  // Heads are dots: 144 per panel, and the legend's swatch.
  auto dots = markers_of(scene, Rgb::hex(0x3498db));
  ASSERT_EQ(dots.size(), e.stats.metrics.size() * 144 + 1);
  dots.erase(dots.begin());  // the legend's swatch comes first
  // In the first panel ("self"), higher values are drawn higher and later layers further right.
  const auto& self = e.stats.metrics[0].second;
  for (int a = 0; a < 144; ++a)
    for (int b = 0; b < 144; ++b) {
      if (self[a] > self[b] + 1e-9) {
        EXPECT_LT(dots[a].center.y, dots[b].center.y) << a << " " << b;
      }
      if (a / 12 < b / 12) {
        EXPECT_LT(dots[a].center.x, dots[b].center.x) << a << " " << b;
      }
    }
  expect_clean_layout(scene);
  check_formats(scene, "corpus_stats", "Attention entropy");
}

TEST(CorpusStatsFigure, EntropyPanelDrawsTheUniformBaselineAtItsValue) {
  auto stats = example().stats;
  stats.metrics = {{"entropy", std::vector<double>(144, 1.0)}};
  stats.metrics[0].second[0] = 0.0;  // layer 0 head 0 at 0, everything else at 1
  stats.baseline_entropy = 2.0;
  const Scene scene = corpus_stats_figure(stats);
  auto dots = markers_of(scene, Rgb::hex(0x3498db));
  ASSERT_EQ(dots.size(), 145u);
  dots.erase(dots.begin());                                     // the legend's swatch comes first
  const double per_unit = dots[0].center.y - dots[1].center.y;  // one nat in points
  ASSERT_GT(per_unit, 0);
  // The baseline spans the panel's heads; the legend's line swatch is the other one.
  std::vector<LineItem> lines;
  for (const auto& item : scene.items())
    if (const auto* line = std::get_if<LineItem>(&item))
      if (line->points.size() == 2 && line->color.rgb == Rgb::hex(0xe74c3c)) lines.push_back(*line);
  ASSERT_EQ(lines.size(), 2u);
  const LineItem& baseline = lines[1];
  EXPECT_NEAR(baseline.points[0].y, dots[0].center.y - 2 * per_unit, 1e-6);
  EXPECT_NEAR(baseline.points[1].y, baseline.points[0].y, 1e-9);
  EXPECT_LE(baseline.points[0].x, dots[0].center.x);
  EXPECT_GE(baseline.points[1].x, dots[143].center.x);
}

TEST(ProbeFigure, PairedBarsLabelledWithHeadDirectionAndOffset) {
  const auto probe = test::probe_example();
  const Scene scene = probe_figure(probe);
  EXPECT_EQ(count_text(scene, "7-10 d→h"), 1);  // det
  EXPECT_EQ(count_text(scene, "7-9 h→d"), 1);   // obj
  EXPECT_EQ(count_text(scene, "-2"), 2);        // obj's and conj's baselines
  EXPECT_EQ(count_text(scene, "det (1897)"), 1);
  EXPECT_EQ(count_text(scene, "all (25148)"), 1);
  // Bar heights are the accuracies, on one scale; each head bar is left of its baseline bar.
  std::vector<Box> heads, baselines;
  for (const auto& item : scene.items())
    if (const auto* r = std::get_if<RectItem>(&item)) {
      if (r->fill.rgb == Rgb::hex(0x3498db) && r->box.w > 0 && r->box.h > 0)
        heads.push_back(r->box);
      if (r->fill.rgb == Rgb::hex(0x95a5a6) && r->box.w > 0 && r->box.h > 0)
        baselines.push_back(r->box);
    }
  // The legend's swatch of each, then the bars.
  ASSERT_EQ(heads.size(), probe.relations.size() + 1);
  ASSERT_EQ(baselines.size(), probe.relations.size() + 1);
  heads.erase(heads.begin());
  baselines.erase(baselines.begin());
  const double per_unit = heads[0].h / probe.relations[0].best_accuracy;
  for (std::size_t i = 0; i < probe.relations.size(); ++i) {
    EXPECT_NEAR(heads[i].h, per_unit * probe.relations[i].best_accuracy, 1e-6);
    EXPECT_NEAR(baselines[i].h, per_unit * probe.relations[i].baseline_accuracy, 1e-6);
    EXPECT_NEAR(heads[i].bottom(), baselines[i].bottom(), 1e-6);
    EXPECT_LT(heads[i].right(), baselines[i].x + 1e-6);
  }
  expect_clean_layout(scene);
  check_formats(scene, "probe", "2002 sentences");
}

}  // namespace
}  // namespace attnscope::render
