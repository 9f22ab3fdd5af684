#pragma once
// The notebook's compare_models_attention: the same layer and head of two models side by side.
#include <string>

#include "attention/attention.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

// The colormap a model is drawn in, by its kind whatever the argument order: an encoder in
// Blues, a decoder in Reds (two models of one kind share it; their titles tell them apart).
std::string compare_colormap(const Attention& a);

// Each model in compare_colormap on its own data range with a colorbar; titles
// "<model> (Bidirectional Encoder)" or "(Causal Decoder)" over "Layer L, Head H"; suptitle
// "<A> vs <B>: Attention Patterns".
Scene compare_figure(const Attention& left, const Attention& right, int layer, int head,
                     const FigureOptions& options = {});

// The notebook's printed "Key Differences", for whichever kinds of model were compared.
std::string compare_explanation(const Attention& left, const Attention& right);

}  // namespace attnscope::render
