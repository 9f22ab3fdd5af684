#pragma once
// The one line a command-line mistake gets: what is wrong, and the help that fixes it (the
// command's own when one was named, the close command names when the name is unknown).
#include <CLI/CLI.hpp>
#include <string>

namespace attnscope::cli {

std::string describe_parse_error(const CLI::App& root, int argc, const char* const* argv,
                                 const CLI::ParseError& error);

}  // namespace attnscope::cli
