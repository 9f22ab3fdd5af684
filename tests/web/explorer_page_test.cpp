#include "web/explorer_page.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "hand_attention.hpp"
#include "web/embedded_assets.hpp"

namespace attnscope::web {
namespace {

const std::string kConfigOpen = R"(<script id="attnscope-config" type="application/json">)";

nlohmann::json embedded_config(const std::string& html) {
  const auto start = html.find(kConfigOpen);
  EXPECT_NE(start, std::string::npos);
  const auto body = start + kConfigOpen.size();
  return nlohmann::json::parse(html.substr(body, html.find("</script>", body) - body));
}

TEST(ExplorerPage, SelfContainedFileInlinesEveryScriptAndStyle) {
  const std::string html = render_explorer_html({test::hand_attention()});
  EXPECT_EQ(html.find("assets/"), std::string::npos) << "a reference to a file next to the page";
  // Nothing is fetched from elsewhere (the SVG namespace URI is a name, not a fetch).
  for (const char* remote : {"src=\"http", "href=\"http", "url(", "@import", "fetch('http"}) {
    EXPECT_EQ(html.find(remote), std::string::npos) << remote;
  }
  for (const auto& asset : raw_assets()) {
    if (asset.name == "index.html") continue;
    EXPECT_NE(html.find(asset.bytes), std::string::npos) << asset.name << " is not inlined";
  }
}

TEST(ExplorerPage, SelfContainedFileEmbedsTheExactResults) {
  Attention second = test::hand_attention();
  second.model_name = "hand-two";
  const std::string html =
      render_explorer_html({test::hand_attention(), second},
                           {.title = "Two <models>", .texts = {"the cat </script> sat"}});
  EXPECT_NE(html.find("<title>Two &lt;models&gt;</title>"), std::string::npos);
  // The token "</script>" must not end the data block early: the JSON parses whole.
  const auto config = embedded_config(html);
  EXPECT_EQ(config["mode"], "file");
  ASSERT_EQ(config["results"].size(), 2u);
  const auto& first = config["results"][0];
  EXPECT_EQ(first["text"], "the cat </script> sat");
  EXPECT_EQ(first["tokens"][3]["display"], "</script>");
  EXPECT_EQ(config["results"][1]["model"], "hand-two");
  EXPECT_EQ(config["results"][1]["text"], "thecat</script>sat") << "rebuilt from the tokens";
  const std::string bytes = base64_decode(first["attention"]["base64"].get<std::string>());
  const Attention expected = test::hand_attention();
  ASSERT_EQ(bytes.size(), expected.probs.size() * 4);
  EXPECT_EQ(std::memcmp(bytes.data(), expected.probs.data(), bytes.size()), 0);
  EXPECT_TRUE(first["scores"].contains("entropy"));
  EXPECT_TRUE(first["scores"].contains("induction"));
}

TEST(ExplorerPage, ColormapsMatchMatplotlibEnds) {
  const auto config = embedded_config(served_page());
  const auto& ylorrd = config["colormaps"]["attention"];
  ASSERT_EQ(ylorrd.size(), 256u);
  EXPECT_EQ(ylorrd.front(), "#ffffcc");  // YlOrRd's first and last stops
  EXPECT_EQ(ylorrd.back(), "#800026");
  EXPECT_EQ(config["colormaps"]["scores"].front(), "#440154");  // viridis
}

TEST(ExplorerPage, ServedPageLinksEmbeddedAssets) {
  const std::string html = served_page();
  EXPECT_EQ(embedded_config(html)["mode"], "server");
  int scripts = 0;
  for (auto at = html.find("src=\"assets/"); at != std::string::npos;
       at = html.find("src=\"assets/", at + 1)) {
    const auto start = at + std::strlen("src=\"assets/");
    const std::string name = html.substr(start, html.find('"', start) - start);
    EXPECT_NE(find_asset(name), nullptr) << name;
    ++scripts;
  }
  EXPECT_GE(scripts, 5);
  EXPECT_NE(html.find("href=\"assets/explorer.css\""), std::string::npos);
}

}  // namespace
}  // namespace attnscope::web
