#pragma once
// Each subcommand lives in its own file and registers itself with a static Command object, so
// main.cpp only dispatches and adding a command touches no other file.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace attnscope::cli {

using CommandSetup = std::function<void(CLI::App& root)>;

struct Command {
  // `order` sorts the commands in --help (main job first).
  Command(int order, CommandSetup setup);
};

void setup_all_commands(CLI::App& root);

}  // namespace attnscope::cli
