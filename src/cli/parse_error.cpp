#include "cli/parse_error.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace attnscope::cli {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A name is close when a few edits reach it or it starts like the typed word ("heatmap" ->
// "head"); `all` gets every name.
std::vector<std::string> close_commands(const CLI::App& root, std::string_view typed,
                                        std::vector<std::string>& all) {
  std::vector<std::string> close;
  for (const CLI::App* command : root.get_subcommands([](const CLI::App*) { return true; })) {
    const std::string& name = command->get_name();
    all.push_back(name);
    bool same_start =
        typed.size() >= 3 && name.size() >= 3 && typed.substr(0, 3) == name.substr(0, 3);
    if (same_start || edit_distance(typed, name) <= std::max<std::size_t>(2, typed.size() / 3))
      close.push_back(name);
  }
  return close;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The first argument that is not an option of the root (only -q/--quiet takes none).
const char* first_word(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return argv[i];
  return nullptr;
}

}  // namespace

std::string describe_parse_error(const CLI::App& root, int argc, const char* const* argv,
                                 const CLI::ParseError& error) {
  const char* word = first_word(argc, argv);
  bool known = false;
  for (const CLI::App* command : root.get_subcommands([](const CLI::App*) { return true; }))
    known = known || (word && command->check_name(word));
  if (word && !known) {
    std::vector<std::string> all;
    std::vector<std::string> close = close_commands(root, word, all);
    std::string unknown = "'" + std::string(word) + "' is not an attnscope command; ";
    if (!close.empty())
      return unknown + "did you mean " + joined(close) + "? (see 'attnscope --help')";
    return unknown + "the commands are " + joined(all) + " (see 'attnscope --help')";
  }
  if (!word) return "name a command, e.g. 'attnscope report' (see 'attnscope --help')";
  return std::string(error.what()) + " (see 'attnscope " + word + " --help')";
}

}  // namespace attnscope::cli
