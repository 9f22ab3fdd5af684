// Streaming capture: batches by length, kept layers/heads, bounded read-ahead, shards.
#include "pipeline/attention_stream.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "support/fixtures.hpp"
#include "tiny_models.hpp"

namespace attnscope::test {
namespace {

// Same reason as in capture_test: a text's rows are tiled differently inside a padded batch.
constexpr double kTilingRounding = 16 * std::numeric_limits<float>::epsilon();

std::vector<std::string> varied_texts() {
  std::vector<std::string> texts;
  for (int i = 0; i < 11; ++i) {
    std::string text = "Sentence " + std::to_string(i);
    for (int w = 0; w < (i * 7) % 11; ++w) text += " with more words, clauses and commas";
    texts.push_back(text + ".");
  }
  return texts;
}

std::vector<Document> documents_of(const std::vector<std::string>& texts) {
  std::vector<Document> documents;
  for (const auto& text : texts) documents.push_back({documents.size(), text, {}, {}});
  return documents;
}

// A source that records how many documents it has handed out.
class CountingSource final : public DocumentSource {
 public:
  explicit CountingSource(std::size_t total) : total_(total) {}
  std::optional<Document> next() override {
    if (handed_ == total_) return std::nullopt;
    Document document{
        handed_, "Document number " + std::to_string(handed_) + " of the stream.", {}, {}};
    ++handed_;
    return document;
  }
  std::size_t handed() const { return handed_; }

 private:
  std::size_t total_, handed_ = 0;
};

using AttentionStream = TinyModels;

TEST_F(AttentionStream, EveryDocumentOnceAndEqualToCapturingItAlone) {
  const auto texts = varied_texts();
  for (Pretrained* model : {bert_, gpt2_}) {
    SCOPED_TRACE(model->name);
    VectorSource source(documents_of(texts));
    StreamOptions options;
    options.batch_size = 3;
    std::vector<int> seen(texts.size(), 0);
    std::size_t batches = 0, tokens = 0;
    const auto totals = stream_attention(*model, source, options, [&](auto batch) {
      ++batches;
      EXPECT_LE(batch.size(), 3u);
      int previous_length = 0;
      for (const auto& document : batch) {
        ASSERT_LT(document.index, texts.size());
        ++seen[document.index];
        const Attention alone = capture_attention(*model, texts[document.index]);
        ASSERT_EQ(document.attention.n(), alone.n());
        ASSERT_EQ(document.attention.probs.size(), alone.probs.size());
        double worst = 0;
        for (std::size_t i = 0; i < alone.probs.size(); ++i)
          worst = std::max(worst, std::fabs(double(alone.probs[i]) - document.attention.probs[i]));
        EXPECT_LE(worst, kTilingRounding);
        // Sorted by length within the window: a batch never shrinks as it goes.
        EXPECT_GE(document.attention.n(), previous_length);
        previous_length = document.attention.n();
        tokens += document.attention.n();
      }
    });
    EXPECT_EQ(seen, std::vector<int>(texts.size(), 1));
    EXPECT_EQ(batches, 4u);
    EXPECT_EQ(totals.documents, texts.size());
    EXPECT_EQ(totals.tokens, tokens);
  }
}

TEST_F(AttentionStream, KeepOrderVisitsInTheSourcesOrder) {
  const auto texts = varied_texts();
  VectorSource source(documents_of(texts));
  StreamOptions options;
  options.batch_size = 4;
  options.keep_order = true;
  std::vector<std::size_t> order;
  stream_attention(*bert_, source, options, [&](auto batch) {
    for (const auto& document : batch) order.push_back(document.index);
  });
  std::vector<std::size_t> expected(texts.size());
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  EXPECT_EQ(order, expected);
}

TEST_F(AttentionStream, KeepsOnlyTheLayersAndHeadsAskedFor) {
  const std::string text = "The cat sat on the mat and looked at the bird.";
  const Attention full = capture_attention(*gpt2_, text);
  ASSERT_GE(full.layers, 2);
  ASSERT_GE(full.heads, 3);
  VectorSource source(documents_of({text}));
  StreamOptions options;
  options.layers = {1};
  options.heads = {0, 2};
  int visited = 0;
  stream_attention(*gpt2_, source, options, [&](auto batch) {
    ASSERT_EQ(batch.size(), 1u);
    const Attention& kept = batch[0].attention;
    EXPECT_EQ(kept.layers, 1);
    EXPECT_EQ(kept.heads, 2);
    const int n = kept.n();
    ASSERT_EQ(kept.probs.size(), static_cast<std::size_t>(2 * n * n));
    for (int k = 0; k < 2; ++k)
      for (int i = 0; i < n * n; ++i)
        EXPECT_FLOAT_EQ(kept.head(0, k)[i], full.head(1, options.heads[k])[i]);
    ++visited;
  });
  EXPECT_EQ(visited, 1);
}

TEST_F(AttentionStream, ReadsAheadOneSortingWindowOnly) {
  CountingSource source(200);
  StreamOptions options;
  options.batch_size = 4;
  options.sort_window = 12;
  std::size_t visited = 0;
  stream_attention(*bert_, source, options, [&](auto batch) {
    visited += batch.size();
    // The source is read lazily: never more than one window beyond what was visited.
    EXPECT_LE(source.handed(), visited + options.sort_window);
  });
  EXPECT_EQ(visited, 200u);
}

TEST_F(AttentionStream, RefusesSelectionsOutsideTheModel) {
  VectorSource source(documents_of({"Hi."}));
  StreamOptions options;
  options.layers = {0, 99};
  EXPECT_THROW(stream_attention(*bert_, source, options, [](auto) {}), UsageError);
  options.layers = {1, 0};
  EXPECT_THROW(stream_attention(*bert_, source, options, [](auto) {}), UsageError);
}

TEST(DocumentSources, ShardsCoverTheCutCorpusExactlyOnce) {
  std::set<std::size_t> covered;
  for (std::size_t shard = 0; shard < 4; ++shard) {
    CountingSource corpus(23);
    ShardSource part(corpus, {/*max_documents=*/18, shard, 4});
    while (auto document = part.next()) {
      EXPECT_EQ(document->index % 4, shard);
      EXPECT_TRUE(covered.insert(document->index).second) << document->index;
    }
  }
  EXPECT_EQ(covered.size(), 18u);
  EXPECT_EQ(*covered.rbegin(), 17u);
  CountingSource corpus(3);
  EXPECT_THROW(ShardSource(corpus, {0, 4, 4}), UsageError);
}

TEST(DocumentSources, PairsJoinConsecutiveLinesAndSkipEmptyOnes) {
  const auto path = std::filesystem::temp_directory_path() / "attnscope_pairs_test.txt";
  std::ofstream(path) << "first A\r\nfirst B\n\nsecond A\nsecond B\nlonely\n";
  LineSource pairs(path.string(), /*pairs=*/true);
  auto one = pairs.next();
  ASSERT_TRUE(one);
  EXPECT_EQ(one->text, "first A");
  EXPECT_EQ(one->text_pair, "first B");
  auto two = pairs.next();
  ASSERT_TRUE(two);
  EXPECT_EQ(two->index, 1u);
  EXPECT_EQ(two->text, "second A");
  EXPECT_EQ(two->text_pair, "second B");
  EXPECT_THROW(pairs.next(), Error);
  LineSource lines(path.string(), /*pairs=*/false);
  std::vector<std::string> texts;
  while (auto document = lines.next()) texts.push_back(document->text);
  EXPECT_EQ(texts,
            (std::vector<std::string>{"first A", "first B", "second A", "second B", "lonely"}));
  std::filesystem::remove(path);
  EXPECT_THROW(LineSource("/nonexistent/attnscope.txt", false), Error);
}

}  // namespace
}  // namespace attnscope::test
