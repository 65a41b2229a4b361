// Page image enhancement for OCR (Leptonica): orientation, deskew,
// resolution, clean-up. Used by Preprocess() on every "image" page.
//
// Steps, in order, each recorded in `steps` (Page::preprocess):
//  1. analysis  - the page is measured once on a binarized copy: background
//                 level and evenness, noise level, glyph size (x-height from
//                 connected components).
//  2. clean-up  - background normalisation when the background is uneven or
//                 dim (photos of paper); a light smoothing when the page is
//                 noisy (sensor noise, JPEG artefacts); large dark regions
//                 touching the page edge (scanner borders) are painted white.
//  3. orientation - text lines vertical or horizontal from projection
//                 profiles (Leptonica skew search in both directions), then up
//                 or down from ascenders/descenders (pixOrientDetect). The
//                 page is turned only on strong evidence; "certain": false
//                 with "ask_osd": true (enough text for OSD to judge) tells
//                 the OCR engine to confirm with Tesseract OSD.
//  4. deskew    - Leptonica sweep-and-search over +-max_skew_deg, applied
//                 at a confidence of 3 and more; a weaker one (1.8-3: sparse
//                 pages) only when the top and the bottom half of the page,
//                 measured on their own, find the same angle within 0.3
//                 degrees (steps["deskew"]["halves_deg"]).
//                 Orientation and skew are measured on the part of the binary
//                 page that holds ink (cut on the page's 32-px grid, so the
//                 answers match the whole page's); the turn and the rotation
//                 are applied to the whole page. steps["orientation"]
//                 ["ink_share"]: the part's share of the page, when cut.
//  5. resolution - glyphs are scaled so the x-height suits Tesseract: an
//                 x-height under 10 px is upscaled to about 16 px;
//                 x-heights over 50 px on 450+ dpi or very large pages are
//                 downscaled to about 28 px (decided on the glyphs measured,
//                 whatever the file's dpi says). page.dpi follows.
//                 (150-dpi pages with 10-11 px x-heights read as well
//                 unscaled, and 2x costs ~40 % more OCR time: measured.)
//  6. content box - the box around everything dark on the finished page
//                 (steps["content_box"]["box"], [x, y, w, h]), for the OCR
//                 engine to skip blank margins.
// A mostly blank page (light paper whose ink, found on a 4x reduced copy,
// fits in a quarter of it: a few lines on a 300-dpi scan) goes through
// steps 1-5 on its ink box alone (ink_box.h), pasted back over the page as
// it came; the box is the content box. The page's costs then follow its
// ink, not its 8 Mpx (the clean-up of a two-line A4 scan: ~90 ms -> ~10 ms).
// A box that needs a quarter turn or a larger canvas is redone on the whole
// page. steps["ink_first"]: the box, its share, the paper's level, and
// "whole_page" when redone.
// Before all that, a document photographed on a darker desk (a card, a
// receipt) is cut out and straightened (document_crop.h, steps["document"]),
// and a mostly dark page whose light components look like letters (a dark
// business card) is inverted to dark on light.
// The result is 8-bit gray (1-bit sources stay 1-bit when nothing changed).
// For measurements, DOCFLOW_ENHANCE="nobgnorm,nodenoise,nomedian,nostretch,
// noborder,norescale,noamrot,noinvert,noupdownband,nocontentbox,noinkcrop,
// nodoccrop,noweakskew,noinkfirst" switches
// single steps off (read once).
//
// Thread safety: reentrant.
#pragma once

#include <leptonica/allheaders.h>

#include <array>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

namespace docflow {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct EnhanceOptions {
  bool orientation = true;
  bool deskew = true;
  bool rescale = true;
  bool cleanup = true;
  float max_skew_deg = 20.0f;            // deskew search range (+-)
  long long max_pixels = 12000LL * 12000LL;  // upscaling never goes past this
};

struct EnhanceResult {
  PixPtr pix;
  int dpi = 0;
  double scale = 1.0;  // the resolution step's factor (pix is the input's size times this)
  // The part of the input that was enhanced when the page is mostly blank
  // ([x, y, w, h] in the input's pixels); the rest of pix is the input as it
  // came, scaled.
  std::optional<std::array<int, 4>> ink_box;
};

// Maps the gray levels of an 8-bpp page linearly, in place: lo and below
// become 0, hi and above 255, the rest (v - lo) * 255 / (hi - lo) rounded -
// exactly pixGammaTRC(g, g, 1.0, lo, hi), in ~2 ms on a 300-dpi A4 page
// instead of ~11 ms. Does nothing unless g is 8 bpp and lo < hi.
void StretchGray(PIX* g, int lo, int hi);

// pix: 8-bpp gray or 1-bpp, at `dpi` (dpi_known: the dpi came from the file
// or the renderer, not a default). Returns the page to OCR and its dpi; on
// any internal failure the input (cloned) is returned and the failure noted.
EnhanceResult EnhancePage(PIX* pix, int dpi, bool dpi_known, const EnhanceOptions& options,
                          nlohmann::json& steps);

}  // namespace docflow
