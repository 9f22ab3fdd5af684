#include "render/report_page.hpp"

#include "core/markup.hpp"

namespace attnscope::render {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #262626; margin: 0 auto;
       max-width: 1200px; padding: 1.5em; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: .92em; margin-top: .3em; }
pre { background: #f7f7f7; padding: .8em; overflow-x: auto; font-size: .85em; }
nav li { margin: .15em 0; }
table { border-collapse: collapse; font-size: .9em; margin: 1em 0; }
th, td { border: 1px solid #ddd; padding: .25em .6em; text-align: right; }
th { background: #f3f3f3; } td:first-child, th:first-child { text-align: left; }
)";

}  // namespace

ReportPage::ReportPage(std::string title) : title_(std::move(title)) {}

void ReportPage::heading(const std::string& text, int level) {
  // Appended, not "h" + to_string: GCC 12 warns falsely (-Wrestrict) on that form.
  std::string tag = "h", id = "s";
  tag += std::to_string(level);
  id += std::to_string(++anchors_);
  body_ += "<" + tag + " id=\"" + id + "\">" + escape_markup(text) + "</" + tag + ">\n";
  if (level == 2) contents_ += "<li><a href=\"#" + id + "\">" + escape_markup(text) + "</a></li>\n";
}

void ReportPage::paragraph(const std::string& text) {
  body_ += "<p>" + escape_markup(text) + "</p>\n";
}

void ReportPage::figure(const std::string& path, const std::string& caption) {
  references_.push_back(path);
  std::string src = escape_markup(path);
  std::string view = ends_with(path, ".pdf")
                         ? "<a href=\"" + src + "\">" + src + " (PDF)</a>"
                         : "<a href=\"" + src + "\"><img src=\"" + src + "\" alt=\"" +
                               escape_markup(caption) + "\" loading=\"lazy\"></a>";
  body_ += "<figure>" + view + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>\n";
}

void ReportPage::link(const std::string& path, const std::string& label,
                      const std::string& caption) {
  links({{path, label}}, caption);
}

void ReportPage::links(const std::vector<std::pair<std::string, std::string>>& targets,
                       const std::string& caption) {
  body_ += "<p>";
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& [path, label] = targets[i];
    references_.push_back(path);
    body_ += std::string(i ? ", " : "") + "<a href=\"" + escape_markup(path) + "\">" +
             escape_markup(label) + "</a>";
  }
  body_ += " — " + escape_markup(caption) + "</p>\n";
}

void ReportPage::preformatted(const std::string& text) {
  body_ += "<pre>" + escape_markup(text) + "</pre>\n";
}

void ReportPage::table(const std::vector<std::string>& headers,
                       const std::vector<std::vector<std::string>>& rows) {
  auto row = [](const std::vector<std::string>& cells, const char* tag) {
    std::string html = "<tr>";
    for (const auto& cell : cells)
      html += std::string("<") + tag + ">" + escape_markup(cell) + "</" + tag + ">";
    return html + "</tr>\n";
  };
  body_ += "<table>\n<thead>" + row(headers, "th") + "</thead>\n<tbody>\n";
  for (const auto& cells : rows) body_ += row(cells, "td");
  body_ += "</tbody>\n</table>\n";
}

std::string ReportPage::html() const {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         escape_markup(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" +
         escape_markup(title_) + "</h1>\n<nav><ul>\n" + contents_ + "</ul></nav>\n" + body_ +
         "</body>\n</html>\n";
}

}  // namespace attnscope::render
