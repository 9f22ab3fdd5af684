#pragma once
// The server's threads, one per connection being served, up to a bound: a few slow clients
// cannot take them all. Each new connection goes to the thread that went idle last, so light
// use keeps to a few threads; with httplib's pool, which rotates through all of them, every
// thread got its own malloc arena and kept its freed memory (64 threads: +40 MB of RSS).
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace attnscope::web {

class ConnectionThreads final : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(std::size_t max_threads);
  ~ConnectionThreads() override;

  void enqueue(std::function<void()> job) override;
  // Finishes the jobs taken and waiting, then joins the threads.
  void shutdown() override;

  std::size_t threads() const;
  std::size_t idle_threads() const;

 private:
  struct Worker {
    std::function<void()> job;
    std::condition_variable wake;
    std::thread thread;
  };
  void work(Worker& self);

  const std::size_t max_threads_;
  mutable std::mutex mutex_;
  std::list<Worker> workers_;                  // a list: workers keep their address
  std::vector<Worker*> idle_;                  // the last to go idle at the back
  std::deque<std::function<void()>> waiting_;  // while every thread is busy
  bool stopping_ = false;
};

}  // namespace attnscope::web
