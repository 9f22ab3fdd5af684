#pragma once
// The notebook's plot_attention_flow: where one query token looks, layer by layer (heads
// averaged).
#include <string>
#include <vector>

#include "attention/attention.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

// The position of `word` among the tokens: the first whose label or piece is `word` (as the
// notebook's tokens.index), else the first whose piece is one of `pieces` (the word as the
// model's tokenizer writes it: Tokenizer::single_pieces, so "Cat" finds uncased BERT's "cat").
// The notebook silently fell back to position 2 when the word was absent; here that is a
// UsageError listing the tokens (use an index instead).
int find_token(const Attention& attention, const std::string& word,
               const std::vector<std::string>& pieces = {});

// The token a flow follows when none is named: a causal model's last word token (its first
// token can only attend to itself, so its flow is one full row), an encoder's first one.
int default_flow_query(const Attention& attention);

// Set when `query` (0-based, already resolved) is a causal model's first position: the warning
// that its flow says nothing; empty otherwise.
std::string trivial_flow_warning(const Attention& attention, int query);

// Layers on x, key tokens on y, mean over heads of attention from `query` (0-based, negative
// from the end); YlOrRd from 0 to the largest value; title 'Attention Flow for Token: "cat"'.
Scene flow_figure(const Attention& attention, int query, const FigureOptions& options = {});

}  // namespace attnscope::render
