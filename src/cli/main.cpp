#include <cstdio>
#include <exception>

#include "cli/command.hpp"
#include "cli/parse_error.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"

int main(int argc, char** argv) {
  CLI::App app{"attnscope: see what the attention heads of pretrained transformers do"};
  app.set_version_flag("--version", ATTNSCOPE_VERSION);
  app.require_subcommand(1);
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress bars or notes on stderr");
  app.parse_complete_callback([&] { attnscope::ProgressBar::set_quiet(quiet); });
  attnscope::cli::setup_all_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "attnscope: error: %s\n",
                 attnscope::cli::describe_parse_error(app, argc, argv, e).c_str());
    return 2;
  } catch (const attnscope::UsageError& e) {
    std::fprintf(stderr, "attnscope: error: %s\n", e.what());
    return 2;
  } catch (const attnscope::Error& e) {
    std::fprintf(stderr, "attnscope: error: %s\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "attnscope: error: out of memory; try a shorter text or fewer texts\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "attnscope: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
