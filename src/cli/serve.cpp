// attnscope serve: the interactive explorer in any browser, from a local server that loads the
// models once and runs them on every text typed into the page.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "core/error.hpp"
#include "core/interrupt_cleanup.hpp"
#include "web/explorer_api.hpp"
#include "web/explorer_server.hpp"

namespace attnscope::cli {
namespace {

struct ServeArgs {
  ModelArgs model;
  web::ServeOptions serve;
};

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Ctrl+C and SIGTERM: whichever thread the signal lands on (OpenBLAS starts its threads before
// main, so no signal mask covers them all) writes its number to a pipe, and one waiting thread
// acts on it: before the server runs it ends the process at once (a download may be under
// way), after that it stops the server cleanly.
std::atomic<web::ExplorerServer*> serving = nullptr;
int stop_pipe[2] = {-1, -1};

extern "C" void on_stop_signal(int signal_number) {
  const auto byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] const auto written = write(stop_pipe[1], &byte, 1);
}

void take_stop_signals() {
  if (pipe(stop_pipe) != 0)
    throw Error("cannot create a pipe for Ctrl+C: " + std::string(std::strerror(errno)));
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::thread([] {
    unsigned char signal_number = 0;
    while (read(stop_pipe[0], &signal_number, 1) < 0 && errno == EINTR) {
    }
    web::ExplorerServer* server = serving.load();
    if (server == nullptr) {
      remove_registered_files();  // an output being written (a download's ref) must not stay
      std::_Exit(128 + signal_number);
    }
    server->stop();
  }).detach();
}

void run(const ServeArgs& args) {
  take_stop_signals();
  apply_threads(args.model);
  web::check_port_free(args.serve);
  std::vector<Pretrained> models;
  for (const auto& spec : args.model.models) {
    std::cerr << "attnscope: loading " << spec << "\n";
    models.push_back(load_named_model(args.model, spec));
  }
  const web::ExplorerApi api(std::move(models));
  web::ExplorerServer server(api, args.serve);
  if (!web::is_loopback_host(args.serve.host)) {
    std::cerr << "attnscope: warning: listening on " << args.serve.host
              << ", so other machines can use this explorer and run its models; use --host "
                 "127.0.0.1 to keep it local\n";
  }
  server.bind();
  serving = &server;

  std::cout << "attnscope explorer: " << server.url() << " (models: " << joined(api.model_names())
            << "); press Ctrl+C to stop" << std::endl;
  server.run();
  serving = nullptr;
  std::cerr << "attnscope: explorer stopped\n";
}

const Command reg(80, [](CLI::App& root) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = root.add_subcommand(
      "serve", "Interactive explorer in the browser: type any text, see every head");
  add_model_args(cmd, args->model, /*repeatable=*/true);
  cmd->add_option("--host", args->serve.host, "Address to listen on (127.0.0.1: this machine only)")
      ->capture_default_str();
  cmd->add_option("--port", args->serve.port, "Port to listen on (0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->footer(
      "Example: attnscope serve --model bert-base-uncased --model gpt2 --port 8080\n"
      "         then open http://127.0.0.1:8080/ in a browser");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
