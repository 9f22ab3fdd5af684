#pragma once
// Errors a user can act on. The message is one line: what is wrong and what to do.
#include <stdexcept>
#include <string>

namespace attnscope {

// A runtime failure (bad file, no network, unsupported model...): exit code 1.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A file or folder the user named is not there (Python's FileNotFoundError): exit code 1.
struct NotFoundError : Error {
  using Error::Error;
};

// The command line itself is wrong: exit code 2.
struct UsageError : Error {
  using Error::Error;
};

}  // namespace attnscope
