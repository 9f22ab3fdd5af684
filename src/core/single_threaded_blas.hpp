#pragma once
// OpenBLAS single-threaded for one scope, its setting restored after. Its idle threads spin on
// sched_yield long after each call and would take the cores from the loops that follow; and the
// setting is process-wide, shared with numpy in the Python package, so it must not outlive us.
namespace attnscope {

class SingleThreadedBlas {
 public:
  SingleThreadedBlas();
  ~SingleThreadedBlas();
  SingleThreadedBlas(const SingleThreadedBlas&) = delete;
  SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

 private:
  int before_;
};

}  // namespace attnscope
