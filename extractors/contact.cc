// Contact fields from vCard / jCard / xCard / MECARD text or from the free
// text of a business card.
#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "classifiers/keywords.h"
#include "extractors/extract_util.h"
#include "extractors/field_extractors.h"

namespace docflow {
namespace {

using extract::Line;
constexpr const char* kVersion = "contact/1";

struct Card {
  std::string full_name, email, phone, company, job_title, website;
};

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Unescape(std::string v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out.push_back(n == 'n' || n == 'N' ? ' ' : n);
    } else {
      out.push_back(v[i]);
    }
  }
  return text::Trim(out);
}

// vCard 2.1 / 3.0 / 4.0 text (and MECARD).
std::optional<Card> ParseVCard(const std::string& all) {
  std::string f = text::FoldText(all);
  size_t begin = f.find("begin:vcard");
  if (begin == std::string::npos) return std::nullopt;
  // Unfold continuation lines (RFC 6350 3.2).
  std::vector<std::string> raw = text::SplitLines(std::string_view(all).substr(begin));
  std::vector<std::string> lines;
  for (auto& l : raw) {
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !lines.empty()) lines.back() += l.substr(1);
    else lines.push_back(l);
    if (Upper(text::Trim(l)) == "END:VCARD") break;
  }
  Card c;
  bool email_pref = false, tel_pref = false;
  std::string n_name;
  for (const auto& l : lines) {
    size_t colon = l.find(':');
    if (colon == std::string::npos) continue;
    std::string key = Upper(l.substr(0, colon)), value = l.substr(colon + 1);
    size_t dot = key.find('.');
    if (dot != std::string::npos && dot < key.find(';')) key = key.substr(dot + 1);  // item1.EMAIL
    std::string name = key.substr(0, key.find(';'));
    bool pref = key.find("PREF") != std::string::npos;
    if (key.find("QUOTED-PRINTABLE") != std::string::npos) continue;  // keep v1 simple
    if (name == "FN" && c.full_name.empty()) c.full_name = Unescape(value);
    else if (name == "N" && n_name.empty()) {
      // Family;Given;Additional;Prefix;Suffix -> "Given Family".
      std::vector<std::string> parts;
      size_t s = 0;
      for (size_t i = 0; i <= value.size(); ++i)
        if (i == value.size() || value[i] == ';') {
          parts.push_back(Unescape(value.substr(s, i - s)));
          s = i + 1;
        }
      std::string given = parts.size() > 1 ? parts[1] : "", family = parts.empty() ? "" : parts[0];
      n_name = text::Trim(given + " " + family);
    } else if (name == "EMAIL" && (c.email.empty() || (pref && !email_pref))) {
      c.email = Unescape(value);
      email_pref = pref;
    } else if (name == "TEL" && (c.phone.empty() || (pref && !tel_pref))) {
      std::string v = Unescape(value);
      if (v.rfind("tel:", 0) == 0) v = v.substr(4);
      c.phone = v;
      tel_pref = pref;
    } else if (name == "ORG" && c.company.empty()) {
      c.company = Unescape(value.substr(0, value.find(';')));
    } else if (name == "TITLE" && c.job_title.empty()) {
      c.job_title = Unescape(value);
    } else if (name == "URL" && c.website.empty()) {
      c.website = Unescape(value);
    }
  }
  if (c.full_name.empty()) c.full_name = n_name;
  return c;
}

// jCard (RFC 7095) and xCard (RFC 6351): the few properties we need.
std::optional<Card> ParseJxCard(const std::string& all) {
  Card c;
  auto grab = [&](const std::regex& re) {
    std::smatch m;
    return std::regex_search(all, m, re) ? text::Trim(m[1].str()) : std::string();
  };
  if (all.find("\"vcard\"") != std::string::npos) {
    c.full_name = grab(std::regex(R"re(\[\s*"fn"\s*,\s*\{[^}]*\}\s*,\s*"text"\s*,\s*"([^"]*)\")re"));
    c.email = grab(std::regex(R"re(\[\s*"email"\s*,\s*\{[^}]*\}\s*,\s*"text"\s*,\s*"([^"]*)\")re"));
    c.phone = grab(std::regex(R"re(\[\s*"tel"\s*,\s*\{[^}]*\}\s*,\s*"(?:uri|text)"\s*,\s*"(?:tel:)?([^";]*))re"));
    c.company = grab(std::regex(R"re(\[\s*"org"\s*,\s*\{[^}]*\}\s*,\s*"text"\s*,\s*"([^"]*)\")re"));
    c.job_title = grab(std::regex(R"re(\[\s*"title"\s*,\s*\{[^}]*\}\s*,\s*"text"\s*,\s*"([^"]*)\")re"));
    c.website = grab(std::regex(R"re(\[\s*"url"\s*,\s*\{[^}]*\}\s*,\s*"uri"\s*,\s*"([^"]*)\")re"));
    return c;
  }
  if (all.find("<vcard") != std::string::npos) {
    c.full_name = grab(std::regex(R"re(<fn>\s*<text>([^<]*)</text>)re"));
    c.email = grab(std::regex(R"re(<email>(?:\s*<parameters>[\s\S]*?</parameters>)?\s*<text>([^<]*)</text>)re"));
    c.phone = grab(std::regex(R"re(<tel>(?:\s*<parameters>[\s\S]*?</parameters>)?\s*<(?:uri|text)>(?:tel:)?([^<;]*))re"));
    c.company = grab(std::regex(R"re(<org>(?:\s*<parameters>[\s\S]*?</parameters>)?\s*<text>([^<]*)</text>)re"));
    c.job_title = grab(std::regex(R"re(<title>(?:\s*<parameters>[\s\S]*?</parameters>)?\s*<text>([^<]*)</text>)re"));
    c.website = grab(std::regex(R"re(<url>(?:\s*<parameters>[\s\S]*?</parameters>)?\s*<uri>([^<]*)</uri>)re"));
    return c;
  }
  if (all.find("MECARD:") != std::string::npos) {
    std::string n = grab(std::regex(R"re((?:MECARD:|;)N:([^;]*))re"));
    size_t comma = n.find(',');
    c.full_name = comma == std::string::npos ? n : text::Trim(n.substr(comma + 1) + " " + n.substr(0, comma));
    c.email = grab(std::regex(R"re(EMAIL:([^;]*))re"));
    c.phone = grab(std::regex(R"re(TEL:([^;]*))re"));
    c.company = grab(std::regex(R"re(ORG:([^;]*))re"));
    c.website = grab(std::regex(R"re(URL:([^;]*))re"));
    return c;
  }
  return std::nullopt;
}

// ------------------------------------------------------------ free text

const std::regex& EmailRe() {
  static const std::regex re(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  return re;
}

bool IsCompanyLine(const std::string& folded) {
  for (const char* w : keywords::CompanyWords())
    if (text::FindWord(folded, w) != std::string_view::npos) return true;
  return false;
}

bool IsJobLine(const std::string& folded) {
  for (const char* w : keywords::JobTitles())
    if (text::FindWord(folded, w) != std::string_view::npos) return true;
  return false;
}

bool IsAddressLine(const std::string& folded) {
  static const char* kWords[] = {"rue", "avenue", "av", "bd", "boulevard", "street", "st", "road",
                                 "rd", "suite", "floor", "cedex", "bp", "chemin", "place",
                                 "allee", "impasse", "strasse", "str", "drive", "lane", "way",
                                 "building", "po box", "route", "quai", "france", "usa",
                                 "germany", "tel", "fax", "phone", "mobile", "email", "e-mail",
                                 "www", "http"};
  for (const char* w : kWords)
    if (text::FindWord(folded, w) != std::string_view::npos) return true;
  return false;
}

// "Jean-Pierre Dupont", "Mary O'Neil", "J. R. Smith", "DUPONT Jean".
bool LooksLikeName(const std::string& line) {
  std::string t = text::CollapseSpaces(line);
  if (t.empty() || text::HasDigit(t) || t.find('@') != std::string::npos) return false;
  std::vector<std::string> words;
  size_t s = 0;
  for (size_t i = 0; i <= t.size(); ++i)
    if (i == t.size() || t[i] == ' ') {
      words.push_back(t.substr(s, i - s));
      s = i + 1;
    }
  if (words.size() < 2 || words.size() > 4) return false;
  for (const auto& w : words) {
    std::string f = text::Fold(w, false).text;
    if (f.empty() || !std::isupper(static_cast<unsigned char>(f[0]))) return false;
    for (char c : f)
      if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '\'' && c != '.')
        return false;
  }
  return true;
}

std::string Digits(std::string_view s) {
  std::string d;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) d.push_back(c);
  return d;
}

struct Found {
  std::string value, raw;
  int page = -1;
  double confidence = 0;
  std::string method;
};

Fields FromCard(const Card& c, int page, const std::vector<Page>& pages, const char* method) {
  Fields out;
  auto put = [&](const char* name, const std::string& v, double conf) {
    if (!v.empty()) out[name] = extract::MakeField(v, conf, page, method, kVersion, pages, v);
  };
  put("full_name", c.full_name, 0.95);
  put("email", c.email, 0.95);
  put("phone", c.phone, 0.9);
  put("company", c.company, 0.9);
  put("job_title", c.job_title, 0.9);
  put("website", c.website, 0.9);
  return out;
}

}  // namespace

Fields ExtractContact(const Classification& /*c*/, const std::vector<Page>& pages) {
  const std::vector<Line> lines = extract::DocumentLines(pages);
  std::string all;
  for (const auto& l : lines) all += l.text + "\n";
  const int first_page = pages.empty() ? 0 : pages.front().index;
  if (auto card = ParseVCard(all)) return FromCard(*card, first_page, pages, "vcard");
  if (auto card = ParseJxCard(all)) return FromCard(*card, first_page, pages, "vcard");

  Fields out;
  auto put = [&](const char* name, const Found& f) {
    out[name] = extract::MakeField(f.value, f.confidence, f.page, f.method, kVersion, pages, f.raw);
  };
  std::vector<size_t> nonempty;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!text::Trim(lines[i].text).empty()) nonempty.push_back(i);

  // E-mail.
  std::string email_local;
  for (size_t i : nonempty) {
    std::smatch m;
    if (std::regex_search(lines[i].text, m, EmailRe())) {
      put("email", {m.str(), m.str(), lines[i].page, 0.9, "pattern"});
      email_local = text::FoldText(m.str().substr(0, m.str().find('@')));
      break;
    }
  }
  // Phone: prefer a labelled one (tel / phone / mobile / portable).
  {
    static const std::regex phone(R"((\+?\(?\d[\d .()/-]{6,}\d))");
    static const std::regex label(R"(\b(?:tel|tél|phone|mobile|mob|cell|portable|gsm|t|m|p)\b\.?\s*[:.]?)",
                                  std::regex::icase);
    std::optional<Found> best;
    for (size_t i : nonempty) {
      const std::string& t = lines[i].text;
      if (text::FindWord(lines[i].folded, "fax") != std::string_view::npos &&
          text::FindWord(lines[i].folded, "tel") == std::string_view::npos)
        continue;
      for (auto it = std::sregex_iterator(t.begin(), t.end(), phone); it != std::sregex_iterator(); ++it) {
        std::string v = text::Trim(it->str());
        size_t nd = Digits(v).size();
        if (nd < 8 || nd > 15) continue;
        if (std::regex_search(t.substr(0, it->position(0)), label)) {
          best = Found{v, v, lines[i].page, 0.88, "label"};
          break;
        }
        if (!best) best = Found{v, v, lines[i].page, 0.7, "pattern"};
      }
      if (best && best->method == "label") break;
    }
    if (best) put("phone", *best);
  }
  // Website.
  for (size_t i : nonempty) {
    static const std::regex url(R"(((?:https?://|www\.)[A-Za-z0-9./_~%-]+))", std::regex::icase);
    std::smatch m;
    if (std::regex_search(lines[i].text, m, url)) {
      put("website", {m.str(1), m.str(1), lines[i].page, 0.85, "pattern"});
      break;
    }
  }
  // Name, company, job title from the short lines at the top.
  std::optional<Found> name;
  for (size_t k = 0; k < nonempty.size() && k < 15; ++k) {
    const Line& l = lines[nonempty[k]];
    std::string t = text::CollapseSpaces(l.text);
    if (!LooksLikeName(t) || IsCompanyLine(l.folded) || IsJobLine(l.folded) ||
        IsAddressLine(l.folded))
      continue;
    double conf = k < 4 ? 0.75 : 0.6;
    // The e-mail's local part spells the name: more confident.
    std::string key;
    for (char c : text::FoldText(t))
      if (std::isalpha(static_cast<unsigned char>(c))) key.push_back(c);
    std::string lkey;
    for (char c : email_local)
      if (std::isalpha(static_cast<unsigned char>(c))) lkey.push_back(c);
    if (!lkey.empty() && lkey.size() >= 3 &&
        (key.find(lkey) != std::string::npos || lkey.find(key.substr(0, std::min<size_t>(key.size(), 4))) != std::string::npos))
      conf = 0.9;
    name = Found{t, t, l.page, conf, "heuristic"};
    break;
  }
  if (name) put("full_name", *name);
  for (size_t k = 0; k < nonempty.size() && k < 20; ++k) {
    const Line& l = lines[nonempty[k]];
    std::string t = text::CollapseSpaces(l.text);
    if (t.size() > 60 || l.folded.find('@') != std::string::npos) continue;
    if (!out.count("job_title") && IsJobLine(l.folded) && !IsCompanyLine(l.folded) &&
        !text::HasDigit(t) && (!name || t != name->value))
      put("job_title", {t, t, l.page, 0.65, "heuristic"});
    else if (!out.count("company") && IsCompanyLine(l.folded) && !IsAddressLine(l.folded))
      put("company", {t, t, l.page, 0.65, "heuristic"});
  }
  return out;
}

}  // namespace docflow
