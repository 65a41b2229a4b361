// Contact fields: full_name, company, job_title, email, phone (E.164 when
// the number is valid), website, address.
//
// Sources, strongest first:
//  1. a contact card file (vCard 2.1-4.0, jCard, xCard; vcard.h), read
//     exactly: method "vcard";
//  2. QR codes on the page images (Page::codes) holding a MECARD, BIZCARD or
//     vCard: method "qr"; preferred over what OCR reads;
//  3. the printed text, layout-aware (contact_text.h), fills the fields
//     the cards did not give. A printed value that agrees with the card's
//     raises the card field's confidence.
#include <algorithm>
#include <cctype>

#include "extractors/contact_text.h"
#include "extractors/extract_util.h"
#include "extractors/field_extractors.h"
#include "extractors/phone.h"
#include "extractors/vcard.h"

namespace docflow {
namespace {

constexpr const char* kVersion = "contact/2";

std::string Digits(std::string_view s) {
  std::string d;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) d.push_back(c);
  return d;
}

// A card's phone: E.164 when libphonenumber finds it valid in the card's
// region; E.164 too (but not valid) when it is only possible and written
// with its country code ("+1-555-555-0199": no region was guessed, so the
// digits are certain); else as written.
std::pair<std::string, bool> CardPhone(const vcard::Card& c, const std::string& region) {
  std::string raw = c.phone();
  if (raw.empty()) return {"", false};
  auto n = phone::Normalize(raw, region);
  if (n && n->valid) return {n->e164, true};
  if (n && text::Trim(raw).starts_with('+')) return {n->e164, false};
  return {raw, false};
}

Fields FromCard(const vcard::Card& c, int page, const std::string& region, const std::vector<Page>& pages,
                const char* method, double base) {
  Fields out;
  auto put = [&](const char* name, const std::string& v, double conf, const std::string& printed) {
    if (v.empty()) return;
    out[name] = extract::MakeField(v, std::min(conf, 0.99), page, method, kVersion, pages, printed);
  };
  put("full_name", c.full_name, base, c.full_name);
  put("company", c.company, base, c.company);
  put("job_title", c.job_title, base, c.job_title);
  put("email", c.email(), base, c.email());
  auto [tel, valid] = CardPhone(c, region);
  put("phone", tel, valid ? base : base - 0.1, c.phone());
  put("website", c.website(), base - 0.02, c.website());
  put("address", c.address(), base - 0.04, c.address());
  return out;
}

// Same value, as the scorer of a person reading it would judge it.
bool Agrees(const std::string& field, const Field& a, const Field& b) {
  if (!a.value.is_string() || !b.value.is_string()) return false;
  std::string x = a.value.get<std::string>(), y = b.value.get<std::string>();
  if (field == "phone") {
    std::string dx = Digits(x), dy = Digits(y);
    return dx.size() >= 6 && dy.size() >= 6 && dx.substr(dx.size() - std::min<size_t>(9, dx.size())) ==
                                                   dy.substr(dy.size() - std::min<size_t>(9, dy.size()));
  }
  std::string kx, ky;
  for (char c : text::FoldText(x))
    if (std::isalnum(static_cast<unsigned char>(c))) kx.push_back(c);
  for (char c : text::FoldText(y))
    if (std::isalnum(static_cast<unsigned char>(c))) ky.push_back(c);
  return !kx.empty() && kx == ky;
}

bool IsCardFile(const std::vector<Page>& pages) {
  for (const Page& p : pages)
    if (p.preprocess.is_object() && p.preprocess.value("format", "") == "contact-card") return true;
  return false;
}

}  // namespace

Fields ExtractContact(const Classification& /*c*/, const std::vector<Page>& pages) {
  if (pages.empty()) return {};
  const std::vector<extract::Line> lines = extract::DocumentLines(pages);
  std::string all;
  for (const auto& l : lines) all += l.text + "\n";
  std::string codes_text;
  for (const Page& p : pages)
    for (const auto& code : p.codes) codes_text += code + "\n";
  const std::string region = phone::GuessRegion(all + codes_text);
  const int first_page = pages.front().index;

  // 1. A card file: read exactly, nothing else to look at.
  if (auto card = vcard::ParseAnyCard(all)) {
    std::string card_region = phone::GuessRegion(card->address() + "\n" + card->phone() + "\n" + all);
    return FromCard(*card, first_page, card_region, pages, "vcard", IsCardFile(pages) ? 0.97 : 0.93);
  }

  // 2. Cards in QR codes.
  Fields out;
  for (const Page& p : pages) {
    for (const auto& code : p.codes) {
      auto card = vcard::ParseAnyCard(code);
      if (!card) continue;
      std::string card_region = phone::GuessRegion(card->address() + "\n" + card->phone() + "\n" + all);
      for (auto& [name, field] : FromCard(*card, p.index, card_region, pages, "qr", 0.96)) {
        field.box.reset();  // the printed words are not where this came from
        if (!out.count(name)) out[name] = std::move(field);
      }
    }
  }

  // 3. The printed text.
  Fields printed = contact::FromPrintedText(pages, region, kVersion);
  for (auto& [name, field] : printed) {
    auto it = out.find(name);
    if (it == out.end()) {
      out[name] = std::move(field);
    } else if (Agrees(name, it->second, field)) {
      it->second.confidence = std::min(0.99, it->second.confidence + 0.02);
      if (!it->second.box) it->second.box = field.box;  // where it is printed
    }
  }
  return out;
}

}  // namespace docflow
