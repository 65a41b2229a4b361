#include "flows/expression.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <vector>

#include "flows/time_text.h"

namespace docflow::flows {
using nlohmann::json;

bool Truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return !v.empty();  // arrays, objects
}

std::string ToText(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
  }
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

// ------------------------------------------------------------------ lexer

enum class Tok { kEnd, kNumber, kString, kIdent, kOp };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  double number = 0;
  bool integer = false;
};

class Lexer {
 public:
  explicit Lexer(const std::string& s) : s_(s) {}

  Result<std::vector<Token>> All() {
    std::vector<Token> out;
    while (true) {
      while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ >= s_.size()) break;
      char c = s_[i_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        size_t start = i_;
        bool dot = false;
        while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || (s_[i_] == '.' && !dot &&
                                   i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))))) {
          if (s_[i_] == '.') dot = true;
          ++i_;
        }
        Token t{Tok::kNumber, s_.substr(start, i_ - start)};
        t.number = std::stod(t.text);
        t.integer = !dot;
        out.push_back(t);
      } else if (c == '\'' || c == '"') {
        char q = c;
        std::string text;
        ++i_;
        bool closed = false;
        while (i_ < s_.size()) {
          char d = s_[i_++];
          if (d == '\\' && i_ < s_.size()) {
            char e = s_[i_++];
            text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          } else if (d == q) {
            closed = true;
            break;
          } else {
            text += d;
          }
        }
        if (!closed) return Permanent("unterminated text");
        out.push_back(Token{Tok::kString, text});
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
        size_t start = i_;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '$'))
          ++i_;
        out.push_back(Token{Tok::kIdent, s_.substr(start, i_ - start)});
      } else {
        static const char* kTwo[] = {"<=", ">=", "==", "!=", "&&", "||", "??"};
        std::string op(1, c);
        for (const char* t : kTwo)
          if (s_.compare(i_, 2, t) == 0) op = t;
        if (op.size() == 1 && std::string("+-*/%<>!?:.,()[]").find(c) == std::string::npos)
          return Permanent(std::string("unexpected character '") + c + "'");
        i_ += op.size();
        out.push_back(Token{Tok::kOp, op});
      }
    }
    out.push_back(Token{});
    return out;
  }

 private:
  const std::string& s_;
  size_t i_ = 0;
};

// ------------------------------------------------------------------ syntax tree

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  enum Kind { kLiteral, kRoot, kMember, kIndex, kUnary, kBinary, kTernary, kCall, kList } kind;
  json value;                  // literal
  std::string name;            // root / member name, operator, function
  std::vector<NodePtr> kids;   // operands, arguments, list items
};

NodePtr Make(Node::Kind k) {
  auto n = std::make_unique<Node>();
  n->kind = k;
  return n;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> toks) : t_(std::move(toks)) {}

  Result<NodePtr> ParseAll() {
    auto n = Ternary();
    if (!n) return n;
    if (Peek().kind != Tok::kEnd) return Permanent("unexpected '" + Peek().text + "'");
    return n;
  }

 private:
  const Token& Peek() const { return t_[p_]; }
  bool IsOp(const char* op) const { return Peek().kind == Tok::kOp && Peek().text == op; }
  bool Eat(const char* op) {
    if (!IsOp(op)) return false;
    ++p_;
    return true;
  }

  Result<NodePtr> Ternary() {
    auto c = Binary(0);
    if (!c) return c;
    if (!Eat("?")) return c;
    auto a = Ternary();
    if (!a) return a;
    if (!Eat(":")) return Permanent("expected ':' in c ? a : b");
    auto b = Ternary();
    if (!b) return b;
    auto n = Make(Node::kTernary);
    n->kids.push_back(std::move(*c));
    n->kids.push_back(std::move(*a));
    n->kids.push_back(std::move(*b));
    return n;
  }

  // Precedence climbing over the binary operators, loosest first.
  Result<NodePtr> Binary(int level) {
    static const std::vector<std::vector<std::string>> kLevels = {
        {"??"}, {"||"}, {"&&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"+", "-"}, {"*", "/", "%"}};
    if (level == static_cast<int>(kLevels.size())) return Unary();
    auto left = Binary(level + 1);
    if (!left) return left;
    NodePtr l = std::move(*left);
    while (Peek().kind == Tok::kOp &&
           std::find(kLevels[level].begin(), kLevels[level].end(), Peek().text) != kLevels[level].end()) {
      std::string op = t_[p_++].text;
      auto right = Binary(level + 1);
      if (!right) return right;
      auto n = Make(Node::kBinary);
      n->name = op;
      n->kids.push_back(std::move(l));
      n->kids.push_back(std::move(*right));
      l = std::move(n);
    }
    return l;
  }

  Result<NodePtr> Unary() {
    if (IsOp("!") || IsOp("-")) {
      std::string op = t_[p_++].text;
      auto x = Unary();
      if (!x) return x;
      auto n = Make(Node::kUnary);
      n->name = op;
      n->kids.push_back(std::move(*x));
      return n;
    }
    return Postfix();
  }

  Result<NodePtr> Postfix() {
    auto base = Primary();
    if (!base) return base;
    NodePtr n = std::move(*base);
    while (true) {
      if (Eat(".")) {
        if (Peek().kind != Tok::kIdent && Peek().kind != Tok::kNumber) return Permanent("expected a name after '.'");
        auto m = Make(Node::kMember);
        m->name = t_[p_++].text;
        m->kids.push_back(std::move(n));
        n = std::move(m);
      } else if (Eat("[")) {
        auto idx = Ternary();
        if (!idx) return idx;
        if (!Eat("]")) return Permanent("expected ']'");
        auto m = Make(Node::kIndex);
        m->kids.push_back(std::move(n));
        m->kids.push_back(std::move(*idx));
        n = std::move(m);
      } else {
        return n;
      }
    }
  }

  Result<NodePtr> Primary() {
    const Token& t = Peek();
    if (t.kind == Tok::kNumber) {
      ++p_;
      auto n = Make(Node::kLiteral);
      n->value = t.integer && t.number < 9e15 ? json(static_cast<long long>(t.number)) : json(t.number);
      return n;
    }
    if (t.kind == Tok::kString) {
      ++p_;
      auto n = Make(Node::kLiteral);
      n->value = t.text;
      return n;
    }
    if (t.kind == Tok::kIdent) {
      std::string name = t.text;
      ++p_;
      if (name == "true" || name == "false" || name == "null") {
        auto n = Make(Node::kLiteral);
        n->value = name == "null" ? json(nullptr) : json(name == "true");
        return n;
      }
      if (Eat("(")) {
        auto n = Make(Node::kCall);
        n->name = name;
        if (!Eat(")")) {
          while (true) {
            auto a = Ternary();
            if (!a) return a;
            n->kids.push_back(std::move(*a));
            if (Eat(")")) break;
            if (!Eat(",")) return Permanent("expected ',' or ')' in the arguments of " + name);
          }
        }
        return n;
      }
      auto n = Make(Node::kRoot);
      n->name = name;
      return n;
    }
    if (Eat("(")) {
      auto n = Ternary();
      if (!n) return n;
      if (!Eat(")")) return Permanent("expected ')'");
      return n;
    }
    if (Eat("[")) {
      auto n = Make(Node::kList);
      if (!Eat("]")) {
        while (true) {
          auto a = Ternary();
          if (!a) return a;
          n->kids.push_back(std::move(*a));
          if (Eat("]")) break;
          if (!Eat(",")) return Permanent("expected ',' or ']' in a list");
        }
      }
      return n;
    }
    if (t.kind == Tok::kEnd) return Permanent("unexpected end");
    return Permanent("unexpected '" + t.text + "'");
  }

  std::vector<Token> t_;
  size_t p_ = 0;
};

// ------------------------------------------------------------------ evaluation

// A number from a JSON number or a numeric text ("1250.50" from a numeric
// column read as text); nullopt otherwise.
std::optional<double> AsNumber(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end && *end == '\0' && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

json Num(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return json(static_cast<long long>(d));
  return json(d);
}

// Ordering of two values: numbers numerically (numeric texts too), texts
// lexicographically. nullopt when they cannot be ordered (null, mixed).
std::optional<int> Compare(const json& a, const json& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_string() && b.is_string()) {
    int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  auto x = AsNumber(a), y = AsNumber(b);
  if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
  return std::nullopt;
}

bool Equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if ((a.is_number() && b.is_string()) || (a.is_string() && b.is_number())) {
    auto x = AsNumber(a), y = AsNumber(b);
    return x && y && *x == *y;
  }
  return a == b;
}

using Args = std::vector<json>;
using Fn = std::function<Result<json>(const Args&)>;

Result<json> Need(const std::string& fn, const Args& a, size_t lo, size_t hi) {
  if (a.size() < lo || a.size() > hi)
    return Permanent(fn + "() takes " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi)) +
                     " argument(s), got " + std::to_string(a.size()));
  return json(nullptr);
}

Result<json> Numeric(const std::string& fn, const json& v) {
  if (v.is_null()) return json(nullptr);
  auto d = AsNumber(v);
  if (!d) return Permanent(fn + "(): not a number: " + ToText(v));
  return json(*d);
}

const std::map<std::string, Fn>& Functions() {
  static const std::map<std::string, Fn> kFunctions = {
      {"min", [](const Args& a) -> Result<json> {
         json best = nullptr;
         for (const json& v : a.size() == 1 && a[0].is_array() ? Args(a[0].begin(), a[0].end()) : a) {
           if (v.is_null()) continue;
           auto c = Compare(v, best);
           if (best.is_null() || (c && *c < 0)) best = v;
         }
         return best;
       }},
      {"max", [](const Args& a) -> Result<json> {
         json best = nullptr;
         for (const json& v : a.size() == 1 && a[0].is_array() ? Args(a[0].begin(), a[0].end()) : a) {
           if (v.is_null()) continue;
           auto c = Compare(v, best);
           if (best.is_null() || (c && *c > 0)) best = v;
         }
         return best;
       }},
      {"round", [](const Args& a) -> Result<json> {
         if (auto r = Need("round", a, 1, 2); !r) return r;
         auto x = Numeric("round", a[0]);
         if (!x || x->is_null()) return x;
         int digits = a.size() > 1 ? static_cast<int>(AsNumber(a[1]).value_or(0)) : 0;
         double f = std::pow(10.0, digits);
         return Num(std::round(x->get<double>() * f) / f);
       }},
      {"floor", [](const Args& a) -> Result<json> {
         if (auto r = Need("floor", a, 1, 1); !r) return r;
         auto x = Numeric("floor", a[0]);
         if (!x || x->is_null()) return x;
         return Num(std::floor(x->get<double>()));
       }},
      {"ceil", [](const Args& a) -> Result<json> {
         if (auto r = Need("ceil", a, 1, 1); !r) return r;
         auto x = Numeric("ceil", a[0]);
         if (!x || x->is_null()) return x;
         return Num(std::ceil(x->get<double>()));
       }},
      {"abs", [](const Args& a) -> Result<json> {
         if (auto r = Need("abs", a, 1, 1); !r) return r;
         auto x = Numeric("abs", a[0]);
         if (!x || x->is_null()) return x;
         return Num(std::fabs(x->get<double>()));
       }},
      {"number", [](const Args& a) -> Result<json> {
         if (auto r = Need("number", a, 1, 1); !r) return r;
         auto d = AsNumber(a[0]);
         return d ? Num(*d) : json(nullptr);
       }},
      {"string", [](const Args& a) -> Result<json> {
         if (auto r = Need("string", a, 1, 1); !r) return r;
         return json(ToText(a[0]));
       }},
      {"fixed", [](const Args& a) -> Result<json> {
         if (auto r = Need("fixed", a, 1, 2); !r) return r;
         auto d = AsNumber(a[0]);
         if (!d) return json(nullptr);
         int digits = a.size() > 1 ? static_cast<int>(AsNumber(a[1]).value_or(2)) : 2;
         char buf[64];
         std::snprintf(buf, sizeof buf, "%.*f", std::clamp(digits, 0, 10), *d);
         return json(std::string(buf));
       }},
      {"lower", [](const Args& a) -> Result<json> {
         if (auto r = Need("lower", a, 1, 1); !r) return r;
         if (a[0].is_null()) return json(nullptr);
         std::string s = ToText(a[0]);
         for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
         return json(s);
       }},
      {"upper", [](const Args& a) -> Result<json> {
         if (auto r = Need("upper", a, 1, 1); !r) return r;
         if (a[0].is_null()) return json(nullptr);
         std::string s = ToText(a[0]);
         for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
         return json(s);
       }},
      {"trim", [](const Args& a) -> Result<json> {
         if (auto r = Need("trim", a, 1, 1); !r) return r;
         if (a[0].is_null()) return json(nullptr);
         std::string s = ToText(a[0]);
         size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
         return json(b == std::string::npos ? std::string() : s.substr(b, e - b + 1));
       }},
      {"len", [](const Args& a) -> Result<json> {
         if (auto r = Need("len", a, 1, 1); !r) return r;
         if (a[0].is_null()) return json(0);
         if (a[0].is_string()) return json(a[0].get_ref<const std::string&>().size());
         if (a[0].is_array() || a[0].is_object()) return json(a[0].size());
         return json(ToText(a[0]).size());
       }},
      {"contains", [](const Args& a) -> Result<json> {
         if (auto r = Need("contains", a, 2, 2); !r) return r;
         if (a[0].is_array()) {
           for (const json& v : a[0])
             if (Equal(v, a[1])) return json(true);
           return json(false);
         }
         if (a[0].is_object()) return json(a[1].is_string() && a[0].contains(a[1].get<std::string>()));
         if (a[0].is_null()) return json(false);
         return json(ToText(a[0]).find(ToText(a[1])) != std::string::npos);
       }},
      {"starts_with", [](const Args& a) -> Result<json> {
         if (auto r = Need("starts_with", a, 2, 2); !r) return r;
         if (a[0].is_null()) return json(false);
         return json(ToText(a[0]).rfind(ToText(a[1]), 0) == 0);
       }},
      {"matches", [](const Args& a) -> Result<json> {
         // Case-insensitive ECMAScript regular expression, searched anywhere.
         if (auto r = Need("matches", a, 2, 2); !r) return r;
         if (a[0].is_null()) return json(false);
         try {
           std::regex re(ToText(a[1]), std::regex::ECMAScript | std::regex::icase);
           return json(std::regex_search(ToText(a[0]), re));
         } catch (const std::regex_error& e) {
           return Permanent("matches(): bad regular expression " + ToText(a[1]) + ": " + e.what());
         }
       }},
      {"domain", [](const Args& a) -> Result<json> {
         // The lower-cased domain of an e-mail address, or null.
         if (auto r = Need("domain", a, 1, 1); !r) return r;
         if (!a[0].is_string()) return json(nullptr);
         std::string s = a[0].get<std::string>();
         auto at = s.rfind('@');
         if (at == std::string::npos || at + 1 >= s.size()) return json(nullptr);
         std::string d = s.substr(at + 1);
         for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
         while (!d.empty() && (d.back() == '>' || d.back() == ' ' || d.back() == '.')) d.pop_back();
         return json(d);
       }},
      {"split", [](const Args& a) -> Result<json> {
         if (auto r = Need("split", a, 2, 2); !r) return r;
         json out = json::array();
         if (a[0].is_null()) return out;
         std::string s = ToText(a[0]), sep = ToText(a[1]);
         if (sep.empty()) return Permanent("split(): empty separator");
         size_t start = 0;
         while (true) {
           size_t pos = s.find(sep, start);
           out.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
           if (pos == std::string::npos) break;
           start = pos + sep.size();
         }
         return out;
       }},
      {"join", [](const Args& a) -> Result<json> {
         if (auto r = Need("join", a, 1, 2); !r) return r;
         if (!a[0].is_array()) return json(ToText(a[0]));
         std::string sep = a.size() > 1 ? ToText(a[1]) : ", ", out;
         bool first = true;
         for (const json& v : a[0]) {
           if (v.is_null()) continue;
           if (!first) out += sep;
           out += ToText(v);
           first = false;
         }
         return json(out);
       }},
      {"coalesce", [](const Args& a) -> Result<json> {
         for (const json& v : a)
           if (!v.is_null() && !(v.is_string() && v.get_ref<const std::string&>().empty())) return v;
         return json(nullptr);
       }},
      {"first", [](const Args& a) -> Result<json> {
         if (auto r = Need("first", a, 1, 1); !r) return r;
         return a[0].is_array() && !a[0].empty() ? a[0].front() : json(nullptr);
       }},
      {"last", [](const Args& a) -> Result<json> {
         if (auto r = Need("last", a, 1, 1); !r) return r;
         return a[0].is_array() && !a[0].empty() ? a[0].back() : json(nullptr);
       }},
      {"pluck", [](const Args& a) -> Result<json> {
         // pluck(rows, 'id'): the field of each object.
         if (auto r = Need("pluck", a, 2, 2); !r) return r;
         json out = json::array();
         if (!a[0].is_array()) return out;
         std::string k = ToText(a[1]);
         for (const json& v : a[0]) out.push_back(v.is_object() && v.contains(k) ? v[k] : json(nullptr));
         return out;
       }},
      {"sum", [](const Args& a) -> Result<json> {
         // sum(list) or sum(rows, 'field'); nulls are skipped.
         if (auto r = Need("sum", a, 1, 2); !r) return r;
         double s = 0;
         if (!a[0].is_array()) return json(0);
         for (const json& v : a[0]) {
           json x = a.size() > 1 ? (v.is_object() ? v.value(ToText(a[1]), json(nullptr)) : json(nullptr)) : v;
           if (x.is_null()) continue;
           auto d = AsNumber(x);
           if (!d) return Permanent("sum(): not a number: " + ToText(x));
           s += *d;
         }
         return Num(s);
       }},
      {"today", [](const Args& a) -> Result<json> {
         if (auto r = Need("today", a, 0, 0); !r) return r;
         return json(FormatDate(NowSeconds()));
       }},
      {"now", [](const Args& a) -> Result<json> {
         if (auto r = Need("now", a, 0, 0); !r) return r;
         return json(FormatTimestamp(NowSeconds()));
       }},
      {"date", [](const Args& a) -> Result<json> {
         if (auto r = Need("date", a, 1, 1); !r) return r;
         if (a[0].is_null()) return json(nullptr);
         auto t = ParseTime(ToText(a[0]));
         if (!t) return Permanent("date(): not a date: " + ToText(a[0]));
         return json(FormatDate(t->seconds));
       }},
      {"date_add", [](const Args& a) -> Result<json> {
         // date_add(date or timestamp, n, unit = 'days'); null when the date is null.
         if (auto r = Need("date_add", a, 2, 3); !r) return r;
         if (a[0].is_null() || a[1].is_null()) return json(nullptr);
         auto t = ParseTime(ToText(a[0]));
         if (!t) return Permanent("date_add(): not a date: " + ToText(a[0]));
         auto n = AsNumber(a[1]);
         if (!n) return Permanent("date_add(): not a number: " + ToText(a[1]));
         std::string unit = a.size() > 2 ? ToText(a[2]) : "days";
         auto out = AddToTime(*t, *n, unit);
         if (!out) return out.error();
         return json(out->date_only ? FormatDate(out->seconds) : FormatTimestamp(out->seconds));
       }},
      {"days_between", [](const Args& a) -> Result<json> {
         // Whole days from the first date to the second (negative when earlier).
         if (auto r = Need("days_between", a, 2, 2); !r) return r;
         if (a[0].is_null() || a[1].is_null()) return json(nullptr);
         auto x = ParseTime(ToText(a[0])), y = ParseTime(ToText(a[1]));
         if (!x || !y) return Permanent("days_between(): not a date");
         return json(static_cast<long long>(std::floor((y->seconds - x->seconds) / 86400.0)));
       }},
  };
  return kFunctions;
}

class Evaluator {
 public:
  explicit Evaluator(const json& ctx) : ctx_(ctx) {}

  Result<json> Eval(const Node& n) {
    switch (n.kind) {
      case Node::kLiteral:
        return n.value;
      case Node::kRoot: {
        auto it = ctx_.find(n.name);
        return it == ctx_.end() ? json(nullptr) : *it;
      }
      case Node::kMember: {
        auto base = Eval(*n.kids[0]);
        if (!base) return base;
        if (base->is_object()) {
          auto it = base->find(n.name);
          return it == base->end() ? json(nullptr) : *it;
        }
        if (base->is_array() && !n.name.empty() && std::isdigit(static_cast<unsigned char>(n.name[0]))) {
          size_t i = std::stoul(n.name);
          return i < base->size() ? (*base)[i] : json(nullptr);
        }
        return json(nullptr);
      }
      case Node::kIndex: {
        auto base = Eval(*n.kids[0]);
        if (!base) return base;
        auto idx = Eval(*n.kids[1]);
        if (!idx) return idx;
        if (base->is_array() && idx->is_number()) {
          long long i = idx->get<long long>();
          if (i < 0) i += static_cast<long long>(base->size());
          return i >= 0 && i < static_cast<long long>(base->size()) ? (*base)[i] : json(nullptr);
        }
        if (base->is_object() && idx->is_string()) {
          auto it = base->find(idx->get<std::string>());
          return it == base->end() ? json(nullptr) : *it;
        }
        return json(nullptr);
      }
      case Node::kList: {
        json out = json::array();
        for (const auto& k : n.kids) {
          auto v = Eval(*k);
          if (!v) return v;
          out.push_back(std::move(*v));
        }
        return out;
      }
      case Node::kUnary: {
        auto x = Eval(*n.kids[0]);
        if (!x) return x;
        if (n.name == "!") return json(!Truthy(*x));
        if (x->is_null()) return json(nullptr);
        auto d = AsNumber(*x);
        if (!d) return Permanent("cannot negate " + ToText(*x));
        return Num(-*d);
      }
      case Node::kTernary: {
        auto c = Eval(*n.kids[0]);
        if (!c) return c;
        return Eval(*n.kids[Truthy(*c) ? 1 : 2]);
      }
      case Node::kCall: {
        const auto& fns = Functions();
        auto it = fns.find(n.name);
        if (it == fns.end()) return Permanent("unknown function " + n.name + "()");
        Args args;
        for (const auto& k : n.kids) {
          auto v = Eval(*k);
          if (!v) return v;
          args.push_back(std::move(*v));
        }
        return it->second(args);
      }
      case Node::kBinary:
        return Binary(n);
    }
    return json(nullptr);
  }

 private:
  Result<json> Binary(const Node& n) {
    const std::string& op = n.name;
    auto a = Eval(*n.kids[0]);
    if (!a) return a;
    // Short-circuit operators.
    if (op == "??") return a->is_null() ? Eval(*n.kids[1]) : a;
    if (op == "&&") {
      if (!Truthy(*a)) return json(false);
      auto b = Eval(*n.kids[1]);
      if (!b) return b;
      return json(Truthy(*b));
    }
    if (op == "||") {
      if (Truthy(*a)) return json(true);
      auto b = Eval(*n.kids[1]);
      if (!b) return b;
      return json(Truthy(*b));
    }
    auto b = Eval(*n.kids[1]);
    if (!b) return b;
    if (op == "==") return json(Equal(*a, *b));
    if (op == "!=") return json(!Equal(*a, *b));
    if (op == "<" || op == "<=" || op == ">" || op == ">=") {
      auto c = Compare(*a, *b);
      if (!c) return json(false);  // null or unlike values: no order
      if (op == "<") return json(*c < 0);
      if (op == "<=") return json(*c <= 0);
      if (op == ">") return json(*c > 0);
      return json(*c >= 0);
    }
    // Text joins when either side is text (JSON string), like JavaScript.
    if (op == "+" && (a->is_string() || b->is_string())) return json(ToText(*a) + ToText(*b));
    if (a->is_null() || b->is_null()) return json(nullptr);
    auto x = AsNumber(*a), y = AsNumber(*b);
    if (!x || !y) return Permanent("'" + op + "' needs numbers, got " + ToText(*a) + " and " + ToText(*b));
    if (op == "+") return Num(*x + *y);
    if (op == "-") return Num(*x - *y);
    if (op == "*") return Num(*x * *y);
    if (*y == 0) return json(nullptr);
    if (op == "/") return Num(*x / *y);
    return Num(std::fmod(*x, *y));
  }

  const json& ctx_;
};

}  // namespace

std::optional<int> CompareValues(const json& a, const json& b) { return Compare(a, b); }
bool EqualValues(const json& a, const json& b) { return Equal(a, b); }

Result<json> Evaluate(const std::string& expression, const json& context) {
  auto toks = Lexer(expression).All();
  if (!toks) return Permanent("expression {{" + expression + "}}: " + toks.error().message);
  auto tree = Parser(std::move(*toks)).ParseAll();
  if (!tree) return Permanent("expression {{" + expression + "}}: " + tree.error().message);
  auto v = Evaluator(context).Eval(**tree);
  if (!v) return Permanent("expression {{" + expression + "}}: " + v.error().message);
  return v;
}

}  // namespace docflow::flows
