#pragma once
// The report's index.html: sections of figures (with captions), links to other pages,
// preformatted text blocks and tables, all referenced by paths relative to the report folder.
#include <string>
#include <utility>
#include <vector>

namespace attnscope::render {

class ReportPage {
 public:
  explicit ReportPage(std::string title);

  // A heading; `level` 2 for a model/text, 3 for a part of it.
  void heading(const std::string& text, int level = 2);
  void paragraph(const std::string& text);
  // An image (PNG/SVG shown inline, PDF linked) with its caption.
  void figure(const std::string& path, const std::string& caption);
  void link(const std::string& path, const std::string& label, const std::string& caption);
  // Several links on one line ("scores: JSON, CSV"), each {path, label}.
  void links(const std::vector<std::pair<std::string, std::string>>& targets,
             const std::string& caption);
  void preformatted(const std::string& text);
  // A table with a header row; every row has one cell per header.
  void table(const std::vector<std::string>& headers,
             const std::vector<std::vector<std::string>>& rows);

  // Every relative path the page references, in order (tests check each exists).
  const std::vector<std::string>& references() const { return references_; }
  std::string html() const;

 private:
  std::string title_;
  std::string body_;
  std::string contents_;  // table of contents, from level-2 headings
  int anchors_ = 0;
  std::vector<std::string> references_;
};

}  // namespace attnscope::render
