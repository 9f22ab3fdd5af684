// Loading tokenizers from model folders: both file layouts give the same tokenizer, and broken
// folders give one clear error.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "support/fixtures.hpp"
#include "tokenize/tokenizer.hpp"
#include "tokenize/tokenizer_fixtures.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = test::scratch_dir() / "tokenize" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(std::ifstream(path));
}

// A GPT-2 folder with tiny-gpt2's merges and the given vocabulary.
fs::path gpt2_folder(const std::string& name, const nlohmann::json& vocab) {
  const fs::path dir = fresh_dir(name);
  write(dir / "vocab.json", vocab.dump());
  fs::copy_file(test::model_fixture("tiny-gpt2") / "merges.txt", dir / "merges.txt");
  return dir;
}

nlohmann::json gpt2_vocab() { return read_json(test::model_fixture("tiny-gpt2") / "vocab.json"); }

// tiny-bert's vocab.txt as a tokenizer.json with `post_processor` (left out when null).
fs::path bert_json_folder(const std::string& name, const nlohmann::json& post_processor) {
  const fs::path dir = fresh_dir(name);
  std::ifstream vocab(test::model_fixture("tiny-bert") / "vocab.txt");
  nlohmann::json entries = nlohmann::json::object();
  std::string line;
  for (int id = 0; std::getline(vocab, line); ++id) entries[line] = id;
  nlohmann::json file = {
      {"normalizer", {{"type", "BertNormalizer"}, {"lowercase", true}}},
      {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"vocab", entries}}}};
  if (!post_processor.is_null()) file["post_processor"] = post_processor;
  write(dir / "tokenizer.json", file.dump());
  return dir;
}

// One line that names `file`.
void expect_names(const std::string& error, const fs::path& file, const std::string& what) {
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find(what), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

std::string error_of(const fs::path& dir, const std::string& type) {
  try {
    Tokenizer::load(dir, type);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TokenizerLoad, UnknownModelTypeNamesIt) {
  EXPECT_NE(error_of(test::model_fixture("tiny-bert"), "t5").find("\"t5\""), std::string::npos);
}

TEST(TokenizerLoad, MissingFilesAreNamed) {
  const fs::path dir = fresh_dir("empty");
  EXPECT_NE(error_of(dir, "bert").find("vocab.txt"), std::string::npos);
  EXPECT_NE(error_of(dir, "gpt2").find("vocab.json"), std::string::npos);
}

TEST(TokenizerLoad, BrokenMergesAreNamed) {
  const fs::path dir = fresh_dir("broken-merges");
  write(dir / "vocab.json", R"({"a": 0, "b": 1})");
  write(dir / "merges.txt", "#version: 0.2\na b\n");
  EXPECT_NE(error_of(dir, "gpt2").find("merge 1"), std::string::npos);
}

TEST(TokenizerLoad, HugeIdsAreRejectedNotAllocated) {
  const fs::path dir = fresh_dir("huge-id");
  write(dir / "vocab.json", R"({"a": 2000000000})");
  write(dir / "merges.txt", "#version: 0.2\n");
  EXPECT_NE(error_of(dir, "gpt2").find("corrupt"), std::string::npos);
}

TEST(TokenizerLoad, BertTokenizerJsonMatchesVocabTxt) {
  const fs::path dir = fresh_dir("bert-json");
  std::ifstream vocab(test::model_fixture("tiny-bert") / "vocab.txt");
  nlohmann::json entries = nlohmann::json::object();
  std::string line;
  for (int id = 0; std::getline(vocab, line); ++id) entries[line] = id;
  const nlohmann::json file = {
      {"added_tokens",
       {{{"id", 101}, {"content", "[CLS]"}, {"special", true}},
        {{"id", 102}, {"content", "[SEP]"}, {"special", true}}}},
      {"normalizer", {{"type", "BertNormalizer"}, {"lowercase", true}}},
      {"post_processor",
       {{"type", "BertProcessing"}, {"sep", {"[SEP]", 102}}, {"cls", {"[CLS]", 101}}}},
      {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"vocab", entries}}}};
  write(dir / "tokenizer.json", file.dump());
  const auto from_json = Tokenizer::load(dir, "bert");
  const std::string text = "Éléphant [SEP] naïve 中文 tokenization!";
  const Encoding a = from_json->encode(text);
  const Encoding b = test::bert_tokenizer().encode(text);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.offsets, b.offsets);
}

TEST(TokenizerLoad, Gpt2TokenizerJsonMatchesVocabAndMerges) {
  const fs::path dir = fresh_dir("gpt2-json");
  std::ifstream vocab(test::model_fixture("tiny-gpt2") / "vocab.json");
  std::ifstream merges_file(test::model_fixture("tiny-gpt2") / "merges.txt");
  nlohmann::json merges = nlohmann::json::array();
  std::string line;
  std::getline(merges_file, line);  // #version
  while (std::getline(merges_file, line)) {
    if (!line.empty()) merges.push_back(line);
  }
  const nlohmann::json file = {
      {"added_tokens", {{{"id", 50256}, {"content", "<|endoftext|>"}, {"special", true}}}},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
      {"model", {{"type", "BPE"}, {"vocab", nlohmann::json::parse(vocab)}, {"merges", merges}}}};
  write(dir / "tokenizer.json", file.dump());
  const auto from_json = Tokenizer::load(dir, "gpt2");
  const std::string text = "It's  9 o'clock<|endoftext|> — déjà vu 😀";
  EXPECT_EQ(from_json->encode(text).ids, test::gpt2_tokenizer().encode(text).ids);
  EXPECT_EQ(from_json->encode(text).offsets, test::gpt2_tokenizer().encode(text).offsets);
}

// Two tokens with one id made GPT-2's encoder read past its buffers (the id's byte length came
// from the other token).
TEST(TokenizerLoad, SharedIdsInVocabJsonAreRefused) {
  nlohmann::json vocab = gpt2_vocab();
  vocab["\u0120there"] = vocab["the"];
  const fs::path dir = gpt2_folder("shared-id", vocab);
  expect_names(error_of(dir, "gpt2"), dir / "vocab.json", "share the id");
}

TEST(TokenizerLoad, SharedIdsInTokenizerJsonAreRefused) {
  const fs::path dir = bert_json_folder("shared-id-json", nullptr);
  nlohmann::json file = read_json(dir / "tokenizer.json");
  file["model"]["vocab"]["hello"] = file["model"]["vocab"]["world"];
  write(dir / "tokenizer.json", file.dump());
  expect_names(error_of(dir, "bert"), dir / "tokenizer.json", "share the id");
}

TEST(TokenizerLoad, IdsMustBeWholeNumbersInRange) {
  // 2^32 + 1 once became id 1, and 3.5 became 3.
  for (const char* id : {"4294967297", "-1", "3.5", "\"7\""}) {
    const fs::path dir = gpt2_folder("bad-id", {{"a", nlohmann::json::parse(id)}});
    const std::string said = std::string("the id ").append(id);
    expect_names(error_of(dir, "gpt2"), dir / "vocab.json", said);
  }
  const fs::path dir = bert_json_folder("bad-added-id", nullptr);
  nlohmann::json file = read_json(dir / "tokenizer.json");
  file["added_tokens"] = {{{"id", 4294967397LL}, {"content", "[CLS]"}, {"special", true}}};
  write(dir / "tokenizer.json", file.dump());
  expect_names(error_of(dir, "bert"), dir / "tokenizer.json", "the id 4294967397");
}

TEST(TokenizerLoad, BadSettingNamesTheSettingsFile) {
  const fs::path dir = gpt2_folder("prefix-space-type", gpt2_vocab());
  write(dir / "tokenizer_config.json", R"({"add_prefix_space": "no"})");
  const std::string error = error_of(dir, "gpt2");
  expect_names(error, dir / "tokenizer_config.json", "add_prefix_space must be true or false");
  EXPECT_EQ(error.find("vocab.json"), std::string::npos) << error;
}

// A setting of the wrong JSON type once ended in nlohmann's "type must be boolean, but is string",
// which does not say which setting; strip_accents of the wrong type was silently ignored.
TEST(TokenizerLoad, WronglyTypedBertSettingsNameTheFileAndKey) {
  for (const char* key : {"do_lower_case", "strip_accents", "tokenize_chinese_chars"}) {
    for (const nlohmann::json& value : {nlohmann::json("yes"), nlohmann::json(1)}) {
      const fs::path dir = fresh_dir("bert-setting-type");
      fs::copy_file(test::model_fixture("tiny-bert") / "vocab.txt", dir / "vocab.txt");
      write(dir / "tokenizer_config.json", nlohmann::json{{key, value}}.dump());
      expect_names(error_of(dir, "bert"), dir / "tokenizer_config.json",
                   std::string(key) + " must be true or false, got " + value.dump());
    }
  }
}

TEST(TokenizerLoad, SettingsThatAreNotAnObjectAreRefused) {
  const fs::path bert = fresh_dir("bert-settings-array");
  fs::copy_file(test::model_fixture("tiny-bert") / "vocab.txt", bert / "vocab.txt");
  write(bert / "tokenizer_config.json", "[true]");
  expect_names(error_of(bert, "bert"), bert / "tokenizer_config.json", "is not a JSON object");
  const fs::path gpt2 = gpt2_folder("gpt2-settings-string", gpt2_vocab());
  write(gpt2 / "tokenizer_config.json", R"("add_prefix_space")");
  expect_names(error_of(gpt2, "gpt2"), gpt2 / "tokenizer_config.json", "is not a JSON object");
}

TEST(TokenizerLoad, WronglyTypedTokenizerJsonFieldsNameTheFileAndKey) {
  const struct {
    const char* section;
    const char* key;
    nlohmann::json value;
    const char* said;
  } cases[] = {{"normalizer", "lowercase", "yes", "lowercase must be true or false"},
               {"normalizer", "strip_accents", 0, "strip_accents must be true or false"},
               {"model", "unk_token", 100, "unk_token must be a string"},
               {"model", "max_input_chars_per_word", "100",
                "max_input_chars_per_word must be a positive integer"}};
  for (const auto& c : cases) {
    const fs::path dir = bert_json_folder("json-field-type", nullptr);
    nlohmann::json file = read_json(dir / "tokenizer.json");
    file[c.section][c.key] = c.value;
    write(dir / "tokenizer.json", file.dump());
    expect_names(error_of(dir, "bert"), dir / "tokenizer.json", c.said);
  }
}

// vocab.txt and merges.txt are split into lines as Hugging Face reads them in Python:
// a Windows line end is dropped, other whitespace kept, and a last line needs no line end.
TEST(TokenizerLoad, TextFilesKeepTheirLinesExactly) {
  const fs::path bert = fresh_dir("bert-crlf");
  write(bert / "vocab.txt", "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nwor \r\n##ld\r\nhello");
  // "wor " is not "wor", so "world" is unknown; "hello", on the last line, is a token.
  EXPECT_EQ(Tokenizer::load(bert, "bert")->encode("hello world").ids,
            (std::vector<int32_t>{2, 6, 1, 3}));
  const fs::path gpt2 = gpt2_folder("gpt2-crlf", gpt2_vocab());
  write(gpt2 / "merges.txt", "#version: 0.2\r\na b\r\n\r\nab c");
  const int32_t abc = gpt2_vocab()["abc"];
  EXPECT_EQ(Tokenizer::load(gpt2, "gpt2")->encode("abc").ids, (std::vector<int32_t>{abc}));
}

TEST(TokenizerLoad, BertWithoutPostProcessorAddsNoSpecialTokens) {
  // As Hugging Face's tokenizers: no post-processor, no [CLS]/[SEP], segments still typed.
  const auto tokenizer = Tokenizer::load(bert_json_folder("no-post-processor", nullptr), "bert");
  const Encoding single = tokenizer->encode("Hello world");
  EXPECT_EQ(single.tokens, (std::vector<std::string>{"hello", "world"}));
  const Encoding pair = tokenizer->encode_pair("Hello", "world");
  EXPECT_EQ(pair.tokens, (std::vector<std::string>{"hello", "world"}));
  EXPECT_EQ(pair.type_ids, (std::vector<int32_t>{0, 1}));
}

TEST(TokenizerLoad, BertTemplateOtherThanClsTextSepIsRefused) {
  const nlohmann::json sep = {{"SpecialToken", {{"id", "[SEP]"}, {"type_id", 0}}}};
  const nlohmann::json text = {{"Sequence", {{"id", "A"}, {"type_id", 0}}}};
  for (const nlohmann::json& single :
       {nlohmann::json::array(), nlohmann::json::array({text, sep}), nlohmann::json("$A")}) {
    const fs::path dir = bert_json_folder(
        "template", {{"type", "TemplateProcessing"}, {"single", single}, {"pair", single}});
    expect_names(error_of(dir, "bert"), dir / "tokenizer.json", "[CLS] $A [SEP]");
  }
}

TEST(TokenizerLoad, BertTemplateNamesItsSpecialTokens) {
  const nlohmann::json single = {{{"SpecialToken", {{"id", "[MASK]"}, {"type_id", 0}}}},
                                 {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                                 {{"SpecialToken", {{"id", "[PAD]"}, {"type_id", 0}}}}};
  const auto tokenizer = Tokenizer::load(
      bert_json_folder("template-ok", {{"type", "TemplateProcessing"}, {"single", single}}),
      "bert");
  EXPECT_EQ(tokenizer->encode("hi").tokens, (std::vector<std::string>{"[MASK]", "hi", "[PAD]"}));
}

}  // namespace
}  // namespace attnscope
