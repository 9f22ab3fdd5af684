#pragma once
// How many blocks from operator new are not yet deleted, program-wide. This test binary replaces
// the global operator new and delete to count them, so a test can see a leak in any build, not
// only under LeakSanitizer.
#include <cstdint>

namespace attnscope::test {

std::int64_t live_allocations();

}  // namespace attnscope::test
