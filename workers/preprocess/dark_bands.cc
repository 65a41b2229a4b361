// Light text on dark bands; see dark_bands.h.
#include "workers/preprocess/dark_bands.h"
#include "workers/preprocess/image_enhance.h"

#include <algorithm>
#include <memory>

namespace docflow {
namespace {

using Pix = PixPtr;  // image_enhance.h
struct BoxaFree {
  void operator()(BOXA* b) const { boxaDestroy(&b); }
};
using Boxa = std::unique_ptr<BOXA, BoxaFree>;
struct BoxFree {
  void operator()(BOX* b) const { boxDestroy(&b); }
};
using BoxP = std::unique_ptr<BOX, BoxFree>;
struct PixaFree {
  void operator()(PIXA* p) const { pixaDestroy(&p); }
};
using Pixa = std::unique_ptr<PIXA, PixaFree>;

constexpr int kReduce = 4;
constexpr double kMinContrast = 90;  // gray levels between the band and its lettering

// Light components inside a band (its binary cut, dark = 1) that are shaped
// like glyphs: not touching the band's edge, 8 px to 90 % of its height,
// not much wider than three heights nor thinner than an eighth. `holes`
// gets them all (the light inside, not touching the edge).
int GlyphHoles(PIX* band_bin, Pix& holes) {
  Pix light(pixInvert(nullptr, band_bin));
  if (!light) return 0;
  holes.reset(pixRemoveBorderConnComps(light.get(), 8));
  if (!holes) return 0;
  Boxa boxes(pixConnCompBB(holes.get(), 8));
  if (!boxes) return 0;
  const int band_h = pixGetHeight(band_bin);
  int n = 0;
  for (int i = 0, m = boxaGetCount(boxes.get()); i < m; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h) != 0) continue;
    if (!LetterShaped(w, h, 8, band_h)) continue;
    ++n;
  }
  return n;
}

// Mean gray of `gray` under the ON pixels of `mask` placed at (x, y); -1
// when the mask is empty.
double MeanUnder(PIX* gray, PIX* mask, int x, int y) {
  l_float32 v = -1;
  if (pixGetAverageMasked(gray, mask, x, y, 1, L_MEAN_ABSVAL, &v) != 0) return -1;
  return v;
}

}  // namespace

int InvertDarkBands(PIX* gray, int thresh, nlohmann::json& record) {
  if (gray == nullptr || pixGetDepth(gray) != 8) return 0;
  const int pw = pixGetWidth(gray), ph = pixGetHeight(gray);
  Pix bin(pixThresholdToBinary(gray, thresh));
  if (!bin) return 0;
  // Solid regions only: a 2x2 block stays dark when all four pixels are.
  Pix solid(pixReduceRankBinaryCascade(bin.get(), 4, 4, 0, 0));
  if (!solid) return 0;
  PIXA* comps_raw = nullptr;
  Boxa regions(pixConnComp(solid.get(), &comps_raw, 8));
  Pixa comps(comps_raw);
  if (!regions || !comps) return 0;
  int inverted = 0;
  for (int i = 0, m = boxaGetCount(regions.get()); i < m && inverted < 8; ++i) {
    l_int32 sx, sy, sw, sh;
    if (boxaGetBoxGeometry(regions.get(), i, &sx, &sy, &sw, &sh) != 0) continue;
    const int x = sx * kReduce, y = sy * kReduce;
    const int w = std::min(pw - x, sw * kReduce), h = std::min(ph - y, sh * kReduce);
    if (w < pw / 4 || h < 24 || static_cast<double>(w) * h < 0.015 * pw * ph) continue;
    BoxP box(boxCreate(x, y, w, h));
    if (!box) continue;
    Pix cut(pixClipRectangle(bin.get(), box.get(), nullptr));
    if (!cut) continue;
    // The band itself: the dark pixels joined to this solid component (not
    // dark text elsewhere in its box).
    Pix seed_small(pixaGetPix(comps.get(), i, L_CLONE));
    Pix seed_big(seed_small ? pixExpandReplicate(seed_small.get(), kReduce) : nullptr);
    BoxP within(boxCreate(0, 0, w, h));
    Pix seed(seed_big && within ? pixClipRectangle(seed_big.get(), within.get(), nullptr) : nullptr);
    if (!seed || pixGetWidth(seed.get()) != w || pixGetHeight(seed.get()) != h) continue;
    pixAnd(seed.get(), seed.get(), cut.get());
    Pix band(pixSeedfillBinary(nullptr, seed.get(), cut.get(), 8));
    if (!band) continue;
    l_int32 dark = 0;
    if (pixCountPixels(band.get(), &dark, nullptr) != 0 || dark < 0.55 * w * h) continue;
    Pix holes;
    const int glyphs = GlyphHoles(band.get(), holes);
    if (glyphs < 3) continue;
    // Lettering printed light on a dark ground, not paper a shade lighter
    // than a shadow: the holes are much lighter than the band.
    const double ground = MeanUnder(gray, band.get(), x, y), letters = MeanUnder(gray, holes.get(), x, y);
    if (ground < 0 || letters < 0 || letters - ground < kMinContrast) continue;
    // Inverted: the band and the letter-sized light areas in it, not larger
    // light areas it encloses (a card on a dark desk that merges with the
    // card's header band is a hole of that region: it stays as it is).
    Pix letters_mask(pixSelectBySize(holes.get(), pw / 4, ph / 8, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LTE, nullptr));
    Pix mask(letters_mask ? pixOr(nullptr, band.get(), letters_mask.get()) : nullptr);
    Pix region(pixClipRectangle(gray, box.get(), nullptr));
    if (!mask || !region) continue;
    pixInvert(region.get(), region.get());
    if (pixCombineMaskedGeneral(gray, region.get(), mask.get(), x, y) != 0) continue;
    record.push_back({{"box", {x, y, w, h}}, {"glyphs", glyphs}, {"contrast", static_cast<int>(letters - ground)}});
    ++inverted;
  }
  return inverted;
}

}  // namespace docflow
