// The document in a photo: a card, a receipt or a sheet photographed on a
// table or a desk is found and cut out, its perspective undone, before the
// page is enhanced. The background around it (wood grain, a dark desk, the
// card's shadow) is not page: it upsets the background normalisation and
// Tesseract's layout analysis, which then drops the lines printed near the
// document's edge (a card's company name at its top, measured).
//
// Found as the largest convex quadrilateral of strong edges (OpenCV Canny,
// contours, polygon approximation on a copy reduced to 600 px) covering 25 to
// 92 % of the image; on a speckled desk (cork, gravel), where edges are
// everywhere, as the largest light region (Otsu) that is quad-shaped, covers
// 6 to 92 % of the image and does not reach its edges. Either way its
// inside must be paper: clearly lighter than the image
// outside it, with at most a fifth of the outside as light as the paper. A
// page whose surroundings are as light as the page (a scan, a boxed table or
// a QR code on a sheet or a card) is left alone, and so is a photo where
// light lettering lies just outside the quad on something dark: the
// document goes on there in a band as dark as the desk (a card's coloured
// header), and is read uncut (its band inverted, dark_bands.h). Light marks
// on all sides (a patterned cloth's flowers or checks) or barely lighter
// than the desk (a fabric's streaks) are no lettering.
//
// Thread safety: reentrant. Errors: none; nullopt / nullptr when there is
// nothing to cut.
#pragma once

#include <leptonica/allheaders.h>

#include <array>
#include <optional>

#include <nlohmann/json.hpp>

#include "workers/preprocess/image_enhance.h"

namespace docflow {

struct Quad {
  // Corners in image pixels: top-left, top-right, bottom-right, bottom-left.
  std::array<float, 2> tl{}, tr{}, br{}, bl{};
};

// The photographed document's corners in `gray` (8 bpp), or nullopt.
std::optional<Quad> FindDocumentQuad(PIX* gray);

// `gray` (8 bpp) inside `q`, warped to an upright rectangle whose sides are
// the quad's longer opposite edges, less a margin of 1.2 % (at least 3 px)
// on each side where a strip of the desk may remain. nullptr on failure.
PixPtr WarpToRectangle(PIX* gray, const Quad& q);

// Both, recording steps["document"] = {"corners": [[x, y] x4], "ms"} when a
// document was cut out. nullptr when the image is kept as it is.
PixPtr CropToDocument(PIX* gray, nlohmann::json& steps);

}  // namespace docflow
