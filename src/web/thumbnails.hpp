#pragma once
// The model view's small pictures of every head, computed where the attention lives: each head
// reduced to at most kThumbnailCells² cells keeping every block's largest weight, so thin
// diagonals and columns stay visible at 512 tokens (and 144 heads cost 5 MB, not 151 MB).
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::web {

// Cells per side of the largest thumbnail the page draws (96 px).
inline constexpr int kThumbnailCells = 96;

// min(n, kThumbnailCells): short texts keep one cell per token.
int thumbnail_side(int n);

// [layers][heads][side][side]; cell (r, c) is the largest weight of queries q and keys k with
// q·side/n = r and k·side/n = c (integer division).
std::vector<float> thumbnails(const Attention& attention);

}  // namespace attnscope::web
