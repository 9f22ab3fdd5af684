#include "web/connection_threads.hpp"

namespace attnscope::web {

ConnectionThreads::ConnectionThreads(std::size_t max_threads) : max_threads_(max_threads) {}

ConnectionThreads::~ConnectionThreads() { shutdown(); }

void ConnectionThreads::enqueue(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  if (!idle_.empty()) {
    Worker* worker = idle_.back();
    idle_.pop_back();
    worker->job = std::move(job);
    worker->wake.notify_one();
  } else if (workers_.size() < max_threads_) {
    Worker& worker = workers_.emplace_back();
    worker.job = std::move(job);
    worker.thread = std::thread([this, &worker] { work(worker); });
  } else {
    waiting_.push_back(std::move(job));
  }
}

void ConnectionThreads::work(Worker& self) {
  std::unique_lock lock(mutex_);
  for (;;) {
    std::function<void()> job = std::move(self.job);
    self.job = nullptr;
    lock.unlock();
    job();
    lock.lock();
    if (!waiting_.empty()) {
      self.job = std::move(waiting_.front());
      waiting_.pop_front();
      continue;
    }
    if (stopping_) return;
    idle_.push_back(&self);
    self.wake.wait(lock, [&] { return self.job != nullptr || stopping_; });
    if (self.job == nullptr) return;
  }
}

void ConnectionThreads::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (Worker* worker : idle_) worker->wake.notify_one();
  }
  for (Worker& worker : workers_) worker.thread.join();
}

std::size_t ConnectionThreads::threads() const {
  std::lock_guard lock(mutex_);
  return workers_.size();
}

std::size_t ConnectionThreads::idle_threads() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace attnscope::web
