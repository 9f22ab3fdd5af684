// attnscope serve: the interactive explorer in any browser, from a local server that loads the
// models once and runs them on every text typed into the page.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "cli/options.hpp"
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

void run(const ServeArgs& args) {
  apply_threads(args.model);
  std::vector<Pretrained> models;
  for (const auto& spec : args.model.models) {
    std::cerr << "attnscope: loading " << spec << "\n";
    models.push_back(load_pretrained(spec, args.model.resolve()));
  }
  const web::ExplorerApi api(std::move(models));
  web::ExplorerServer server(api, args.serve);
  if (!web::is_loopback_host(args.serve.host)) {
    std::cerr << "attnscope: warning: listening on " << args.serve.host
              << ", so other machines can use this explorer and run its models; use --host "
                 "127.0.0.1 to keep it local\n";
  }
  server.bind();

  // Ctrl+C or SIGTERM stops the server cleanly: the signals are taken by one waiting thread
  // (blocked everywhere else, including httplib's workers, which inherit the mask).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread([&server, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
  }).detach();

  std::cout << "attnscope explorer: " << server.url() << " (models: " << joined(api.model_names())
            << "); press Ctrl+C to stop" << std::endl;
  server.run();
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
