// libFuzzer target for the CoNLL-U reader and the placing of its words in `# text`. Any bytes give
// validated sentences or an attnscope::Error; never a crash or sanitizer report. What an accepted
// sentence promises is checked: ids 1..n, heads inside the sentence, spans inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "analysis/word_spans.hpp"
#include "core/error.hpp"
#include "io/conllu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  attnscope::io::ConlluReader reader(in, "fuzz.conllu");
  try {
    while (auto sentence = reader.next()) {
      const int n = static_cast<int>(sentence->words.size());
      for (int i = 0; i < n; ++i)
        if (sentence->words[i].id != i + 1 || sentence->words[i].head > n) std::abort();
      const auto spans = attnscope::analysis::conllu_words(*sentence);
      if (static_cast<int>(spans.size()) != n) std::abort();
      for (const auto& span : spans)
        if (span.start < 0 || span.end <= span.start ||
            static_cast<std::size_t>(span.end) > sentence->text.size())
          std::abort();
    }
  } catch (const attnscope::Error&) {
  }
  return 0;
}
