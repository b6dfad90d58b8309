// Literal requirements of rule patterns, and the filter built from them.
#include "extract/literal_filter.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "extract/word_set.h"

namespace kg::extract {

size_t ClassEnd(std::string_view pattern, size_t i) {
  size_t k = i + 1;
  if (k < pattern.size() && pattern[k] == '^') ++k;
  if (k < pattern.size() && pattern[k] == ']') ++k;  // "[]" and "[^]" hold a "]"
  for (; k < pattern.size(); ++k) {
    if (pattern[k] == '\\') {
      ++k;
    } else if (pattern.compare(k, 2, "[:") == 0 && pattern.find(":]", k + 2) != std::string::npos) {
      k = pattern.find(":]", k + 2) + 1;
    } else if (pattern[k] == ']') {
      return k + 1;
    }
  }
  return std::string_view::npos;
}

size_t GroupEnd(std::string_view pattern) {
  int depth = 0;
  for (size_t k = 0; k < pattern.size(); ++k) {
    if (pattern[k] == '\\') {
      ++k;
    } else if (pattern[k] == '[') {
      size_t end = ClassEnd(pattern, k);
      if (end == std::string_view::npos) return end;
      k = end - 1;
    } else if (pattern[k] == '(') {
      ++depth;
    } else if (pattern[k] == ')' && --depth == 0) {
      return k + 1;
    }
  }
  return std::string_view::npos;
}

namespace {

// The prefilter once held every pattern in one RE2::Set. Its DFA states
// were sets of thousands of instructions, built afresh for nearly every new
// sentence: 0.25 ms a sentence on real prose (0.6 MB/s), although it looked
// fast on a repetitive corpus whose states stayed cached. Now each pattern is
// reduced to the literal strings ("atoms") a match must contain, and
// AtomFinder finds the atoms present. Atoms shorter than 3 bytes filter too
// little ("at", "of"); measured on 20,000 varied sentences, 3 ran fastest.
constexpr size_t kMinAtomLength = 3;

// Exact string sets multiply in a concatenation ("(?:a|an) (?:new|open)");
// beyond this many products the run so far becomes a clause. Appending one
// string multiplies nothing and is always done.
constexpr size_t kMaxProducts = 16;

// What a part of a pattern matches, as far as literals go: either exactly
// one of a few strings (`exact`), or text that contains what `clauses` say.
struct Info {
  bool exact = false;
  std::vector<std::string> strings;  // exact: every string the part matches
  LiteralClauses clauses;            // otherwise

  static Info Any() { return {}; }
  static Info Empty() { return {true, {""}, {}}; }
  static Info Literal(std::string s) { return {true, {std::move(s)}, {}}; }
};

void SortUnique(std::vector<std::string>* strings) {
  std::sort(strings->begin(), strings->end());
  strings->erase(std::unique(strings->begin(), strings->end()), strings->end());
}

// An exact set as a clause: one of its strings occurs. A string too short to
// look for (or empty) makes the clause hold nearly always: none is kept.
LiteralClauses ToClauses(Info info) {
  if (!info.exact) return std::move(info.clauses);
  for (const std::string& s : info.strings) {
    if (s.size() < kMinAtomLength) return {};
  }
  return {std::move(info.strings)};
}

// One part after another: contiguous exact parts multiply into one run of
// strings, and each run ends as a clause when a part that is not exact
// follows or the products would grow too many.
class SequenceBuilder {
 public:
  void Append(Info part) {
    if (!part.exact) {
      EndRun();
      exact_ = false;
      for (std::vector<std::string>& clause : part.clauses) clauses_.push_back(std::move(clause));
      return;
    }
    if (!run_) {
      run_ = std::move(part.strings);
      return;
    }
    if (part.strings.size() == 1) {
      // A character after a run, the commonest step: appended in place.
      for (std::string& s : *run_) s += part.strings.front();
      return;
    }
    size_t products = run_->size() * part.strings.size();
    if (products <= kMaxProducts || run_->size() == 1) {
      std::vector<std::string> joined;
      joined.reserve(products);
      for (const std::string& a : *run_) {
        for (const std::string& b : part.strings) joined.push_back(a + b);
      }
      SortUnique(&joined);
      run_ = std::move(joined);
      return;
    }
    EndRun();
    exact_ = false;
    run_ = std::move(part.strings);
  }

  Info Finish() {
    if (exact_) return {true, run_ ? std::move(*run_) : std::vector<std::string>{""}, {}};
    EndRun();
    return {false, {}, std::move(clauses_)};
  }

 private:
  void EndRun() {
    if (!run_) return;
    for (std::vector<std::string>& clause : ToClauses({true, std::move(*run_), {}}))
      clauses_.push_back(std::move(clause));
    run_.reset();
  }

  bool exact_ = true;
  std::optional<std::vector<std::string>> run_;
  LiteralClauses clauses_;
};

// "A|B": exact sets unite. Otherwise, from (A1 and A2) or (B1 and B2) follows
// each (Ai or Bj): the clauses kept are some of those, which is enough.
Info Either(std::vector<Info> alternatives) {
  if (alternatives.size() == 1) return std::move(alternatives.front());
  if (std::all_of(alternatives.begin(), alternatives.end(),
                  [](const Info& i) { return i.exact; })) {
    Info all{true, {}, {}};
    for (Info& i : alternatives)
      all.strings.insert(all.strings.end(), i.strings.begin(), i.strings.end());
    SortUnique(&all.strings);
    return all;
  }
  std::vector<LiteralClauses> each;
  size_t combinations = 1;
  for (Info& i : alternatives) {
    each.push_back(ToClauses(std::move(i)));
    if (each.back().empty()) return Info::Any();  // that alternative requires nothing
    combinations = std::min(combinations * each.back().size(), kMaxProducts + 1);
  }
  Info out;
  if (combinations > kMaxProducts) {
    // One clause: each alternative's with the fewest strings, united.
    std::vector<std::string> clause;
    for (const LiteralClauses& c : each) {
      const auto& fewest = *std::min_element(
          c.begin(), c.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
      clause.insert(clause.end(), fewest.begin(), fewest.end());
    }
    SortUnique(&clause);
    out.clauses.push_back(std::move(clause));
    return out;
  }
  std::vector<size_t> pick(each.size(), 0);  // one clause of each alternative
  for (size_t n = 0; n < combinations; ++n) {
    std::vector<std::string> clause;
    for (size_t a = 0; a < each.size(); ++a)
      clause.insert(clause.end(), each[a][pick[a]].begin(), each[a][pick[a]].end());
    SortUnique(&clause);
    out.clauses.push_back(std::move(clause));
    for (size_t a = 0; a < each.size() && ++pick[a] == each[a].size(); ++a) pick[a] = 0;
  }
  return out;
}

// What a group's text ("(?:...)") was read as: macros expand to the same
// groups in pattern after pattern, each read once.
using GroupMemo = std::unordered_map<std::string_view, Info>;

// Reads a pattern in the RE2 syntax rules use. Whatever it does not know
// (flags, \p classes, \Q quoting, ...) makes it give up: the whole pattern
// then requires nothing, which is sound.
class PatternReader {
 public:
  // `memo`'s keys point into `pattern`: it lives no longer than the text.
  PatternReader(std::string_view pattern, GroupMemo* memo) : pattern_(pattern), memo_(memo) {}

  LiteralClauses Read() {
    Info all = Alternation();
    if (failed_ || pos_ != pattern_.size()) return {};
    return ToClauses(std::move(all));
  }

 private:
  bool AtEnd() const { return failed_ || pos_ >= pattern_.size(); }
  char Peek() const { return pattern_[pos_]; }
  Info Fail() {
    failed_ = true;
    return Info::Any();
  }

  Info Alternation() {
    std::vector<Info> alternatives;
    alternatives.push_back(Sequence());
    while (!AtEnd() && Peek() == '|') {
      ++pos_;
      alternatives.push_back(Sequence());
    }
    return Either(std::move(alternatives));
  }

  Info Sequence() {
    SequenceBuilder sequence;
    while (!AtEnd() && Peek() != '|' && Peek() != ')') sequence.Append(Repeated(Primary()));
    return sequence.Finish();
  }

  Info Primary() {
    switch (Peek()) {
      case '(':
        return Group();
      case '[':
        return Class();
      case '\\':
        return Escape();
      case '.':
        ++pos_;
        return Info::Any();
      case '^':
      case '$':
        ++pos_;
        return Info::Empty();
      case '*':
      case '+':
      case '?':
        return Fail();  // a repetition of nothing
      default:
        return Literal();
    }
  }

  Info Group() {
    size_t end = GroupEnd(pattern_.substr(pos_));
    if (end == std::string_view::npos) return Fail();
    end += pos_;
    std::string_view text = pattern_.substr(pos_, end - pos_);
    if (auto known = memo_->find(text); known != memo_->end()) {
      pos_ = end;
      return known->second;
    }
    Info info = GroupBody();
    if (!failed_) memo_->emplace(text, info);
    return info;
  }

  Info GroupBody() {
    std::string_view rest = pattern_.substr(pos_);
    if (rest.starts_with("(?:")) {
      pos_ += 3;
    } else if (rest.starts_with("(?P<")) {
      size_t close = rest.find('>');
      if (close == std::string_view::npos) return Fail();
      pos_ += close + 1;
    } else if (rest.starts_with("(?")) {
      return Fail();  // flags: not read here
    } else {
      pos_ += 1;
    }
    constexpr int kMaxDepth = 64;
    if (++depth_ > kMaxDepth) return Fail();
    Info inner = Alternation();
    --depth_;
    if (AtEnd() || Peek() != ')') return Fail();
    ++pos_;
    return inner;
  }

  // A class of at most four ASCII characters (case folded) is exact: "[Rr]",
  // "[,;]". Any other class matches some character.
  Info Class() {
    size_t end = ClassEnd(pattern_, pos_);
    if (end == std::string_view::npos) return Fail();
    std::string_view body = pattern_.substr(pos_ + 1, end - pos_ - 2);
    pos_ = end;
    if (body.starts_with('^')) return Info::Any();
    constexpr size_t kMaxClassChars = 4;
    std::string chars;
    for (size_t k = 0; k < body.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(body[k]);
      if (c == '\\') {
        if (k + 1 >= body.size() || IsAsciiAlnum(body[k + 1])) return Info::Any();  // "\w", "\d"
        c = static_cast<unsigned char>(body[++k]);
      } else if (body.compare(k, 2, "[:") == 0) {
        return Info::Any();
      }
      if (c >= 0x80) return Info::Any();
      unsigned char last = c;
      if (k + 2 < body.size() && body[k + 1] == '-') {
        last = static_cast<unsigned char>(body[k + 2]);
        if (last == '\\' || last >= 0x80 || last < c ||
            static_cast<size_t>(last - c) >= kMaxClassChars)
          return Info::Any();
        k += 2;
      }
      for (unsigned ch = c; ch <= last; ++ch) chars += LowerAscii(static_cast<char>(ch));
    }
    std::sort(chars.begin(), chars.end());
    chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    if (chars.empty() || chars.size() > kMaxClassChars) return Info::Any();
    Info info{true, {}, {}};
    for (char c : chars) info.strings.emplace_back(1, c);
    return info;
  }

  Info Escape() {
    if (pos_ + 1 >= pattern_.size()) return Fail();
    char e = pattern_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        return Info::Empty();
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        return Info::Any();
      case 'n':
        return Info::Literal("\n");
      case 't':
        return Info::Literal("\t");
      case 'r':
        return Info::Literal("\r");
      case 'f':
        return Info::Literal("\f");
      case 'v':
        return Info::Literal("\v");
      default:
        // "\(", "\.": the character itself. "\p{Greek}", "\x41", "\Q", "\1": not read here.
        if (IsAsciiAlnum(e) || static_cast<unsigned char>(e) >= 0x80) return Fail();
        return Info::Literal(std::string(1, e));
    }
  }

  // A character as itself, lowercase. A letter beyond ASCII (or anything
  // with another case) may match forms spelled with other bytes: it matches
  // some character.
  Info Literal() {
    unsigned char c = static_cast<unsigned char>(Peek());
    if (c < 0x80) {
      ++pos_;
      return Info::Literal(std::string(1, LowerAscii(static_cast<char>(c))));
    }
    utf8proc_int32_t code = -1;
    utf8proc_ssize_t length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(pattern_.data() + pos_),
                         static_cast<utf8proc_ssize_t>(pattern_.size() - pos_), &code);
    if (length <= 0) return Fail();
    std::string bytes(pattern_.substr(pos_, static_cast<size_t>(length)));
    pos_ += static_cast<size_t>(length);
    bool letter = utf8proc_category(code) >= UTF8PROC_CATEGORY_LU &&
                  utf8proc_category(code) <= UTF8PROC_CATEGORY_LO;
    if (letter || utf8proc_tolower(code) != code || utf8proc_toupper(code) != code)
      return Info::Any();
    return Info::Literal(std::move(bytes));
  }

  // A repetition after `part`, if one follows: "?", "*", "+", "{n}",
  // "{n,}", "{n,m}", each perhaps lazy ("??").
  Info Repeated(Info part) {
    if (AtEnd()) return part;
    size_t min = 0, max = 0;
    constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();
    switch (Peek()) {
      case '?':
        max = 1;
        ++pos_;
        break;
      case '*':
        max = kUnbounded;
        ++pos_;
        break;
      case '+':
        min = 1;
        max = kUnbounded;
        ++pos_;
        break;
      case '{':
        if (!ReadBounds(&min, &max)) return part;  // a literal "{"
        break;
      default:
        return part;
    }
    if (!AtEnd() && Peek() == '?') ++pos_;
    if (!AtEnd() && (Peek() == '*' || Peek() == '+' || Peek() == '?')) return Fail();
    if (min == 0) {
      if (max != 1 || !part.exact) return Info::Any();
      part.strings.emplace_back();
      SortUnique(&part.strings);
      return part;
    }
    if (min == 1 && max == 1) return part;
    return {false, {}, ToClauses(std::move(part))};
  }

  // "{n}", "{n,}" or "{n,m}" at pos_: reads it and returns true.
  bool ReadBounds(size_t* min, size_t* max) {
    size_t k = pos_ + 1;
    auto number = [&](size_t* value) {
      size_t begin = k;
      *value = 0;
      while (k < pattern_.size() && pattern_[k] >= '0' && pattern_[k] <= '9' && k - begin < 6)
        *value = *value * 10 + static_cast<size_t>(pattern_[k++] - '0');
      return k > begin;
    };
    if (!number(min)) return false;
    *max = *min;
    if (k < pattern_.size() && pattern_[k] == ',') {
      ++k;
      if (!number(max)) *max = std::numeric_limits<size_t>::max();
    }
    if (k >= pattern_.size() || pattern_[k] != '}') return false;
    pos_ = k + 1;
    return true;
  }

  static bool IsAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  static char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

  std::string_view pattern_;
  GroupMemo* memo_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
};

// Whether clause `a` holding makes `b` hold: each string of `a` contains
// one of `b` ("⟧ announced" makes "⟧" hold).
bool Implies(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::all_of(a.begin(), a.end(), [&b](const std::string& s) {
    return std::any_of(b.begin(), b.end(),
                       [&s](const std::string& t) { return s.find(t) != std::string::npos; });
  });
}

// Without the clauses another one implies: every placeholder of a pattern
// requires "⟧", and a sentence would otherwise count that clause once per
// placeholder of every pattern.
LiteralClauses WithoutImplied(LiteralClauses clauses) {
  LiteralClauses kept;
  for (size_t b = 0; b < clauses.size(); ++b) {
    bool implied = false;
    for (size_t a = 0; a < clauses.size() && !implied; ++a) {
      if (a == b || !Implies(clauses[a], clauses[b])) continue;
      // Of clauses that imply each other, the first stays.
      implied = a < b || !Implies(clauses[b], clauses[a]);
    }
    if (!implied) kept.push_back(clauses[b]);
  }
  return kept;
}

}  // namespace

LiteralClauses RequiredLiterals(std::string_view pattern) {
  GroupMemo memo;
  return WithoutImplied(PatternReader(pattern, &memo).Read());
}

namespace {

// RequiredLiterals() of each pattern, with one memo for them all.
std::vector<LiteralClauses> RequiredLiteralsOfAll(const std::vector<std::string>& patterns) {
  GroupMemo memo;  // its keys point into `patterns`
  std::vector<LiteralClauses> required;
  for (const std::string& pattern : patterns)
    required.push_back(WithoutImplied(PatternReader(pattern, &memo).Read()));
  return required;
}

}  // namespace

AtomFinder::AtomFinder(const std::vector<std::string>& atoms) {
  for (const std::string& atom : atoms) {
    for (char c : atom) {
      uint8_t& col = column_[static_cast<unsigned char>(c)];
      if (col == 0) col = static_cast<uint8_t>(columns_++);
    }
  }
  // The text is searched as it is, with no lowercase copy: an uppercase
  // ASCII letter reads as its lowercase one, which no atom lacks.
  for (char c = 'A'; c <= 'Z'; ++c)
    column_[static_cast<unsigned char>(c)] = column_[static_cast<unsigned char>(c + 32)];
  // The trie: -1 marks a missing edge until the links below fill it.
  next_.assign(columns_, -1);
  std::vector<std::vector<int32_t>> ends(1);
  for (size_t a = 0; a < atoms.size(); ++a) {
    int state = 0;
    for (char c : atoms[a]) {
      int32_t& edge = next_[state * columns_ + column_[static_cast<unsigned char>(c)]];
      if (edge < 0) {
        edge = static_cast<int32_t>(ends.size());
        ends.emplace_back();
        next_.resize(next_.size() + columns_, -1);
      }
      state = next_[state * columns_ + column_[static_cast<unsigned char>(c)]];
    }
    if (atoms[a].empty()) {
      always_.push_back(static_cast<int>(a));
    } else {
      ends[state].push_back(static_cast<int32_t>(a));
    }
  }
  RenumberBreadthFirst(&ends);
  // Breadth first: a state's failure link is shallower, so its outputs and
  // edges are complete when the state is reached.
  std::vector<int32_t> fail(ends.size(), 0);
  std::vector<int32_t> queue;
  for (int c = 0; c < columns_; ++c) {
    int32_t& edge = next_[c];
    if (edge < 0) {
      edge = 0;
    } else {
      queue.push_back(edge);
    }
  }
  for (size_t q = 0; q < queue.size(); ++q) {
    int32_t state = queue[q];
    const std::vector<int32_t>& inherited = ends[fail[state]];
    ends[state].insert(ends[state].end(), inherited.begin(), inherited.end());
    for (int c = 0; c < columns_; ++c) {
      int32_t& edge = next_[state * columns_ + c];
      int32_t via_fail = next_[fail[state] * columns_ + c];
      if (edge < 0) {
        edge = via_fail;
      } else {
        fail[edge] = via_fail;
        queue.push_back(edge);
      }
    }
  }
  for (const std::vector<int32_t>& e : ends) {
    output_begin_.push_back(static_cast<int32_t>(outputs_.size()));
    outputs_.insert(outputs_.end(), e.begin(), e.end());
  }
  output_begin_.push_back(static_cast<int32_t>(outputs_.size()));
  if (ends.size() <= std::numeric_limits<uint16_t>::max())
    table_.assign(next_.begin(), next_.end());
  next_ = {};
}

// Most bytes of a text lead to a state near the root: numbered breadth
// first, those states share a few cache lines of the table.
void AtomFinder::RenumberBreadthFirst(std::vector<std::vector<int32_t>>* ends) {
  std::vector<int32_t> order{0};
  for (size_t q = 0; q < order.size(); ++q) {
    for (int c = 0; c < columns_; ++c) {
      int32_t edge = next_[order[q] * columns_ + c];
      if (edge > 0) order.push_back(edge);
    }
  }
  std::vector<int32_t> renamed(order.size());
  for (size_t i = 0; i < order.size(); ++i) renamed[order[i]] = static_cast<int32_t>(i);
  std::vector<int32_t> next(next_.size());
  std::vector<std::vector<int32_t>> moved(ends->size());
  for (size_t i = 0; i < order.size(); ++i) {
    for (int c = 0; c < columns_; ++c) {
      int32_t edge = next_[order[i] * columns_ + c];
      next[i * columns_ + c] = edge < 0 ? -1 : renamed[edge];
    }
    moved[i] = std::move((*ends)[order[i]]);
  }
  next_ = std::move(next);
  *ends = std::move(moved);
}

void AtomFinder::Find(std::string_view text, std::vector<int>* found) const {
  size_t first = found->size();
  found->insert(found->end(), always_.begin(), always_.end());
  int state = 0;
  for (char c : text) {
    state = Next(state, static_cast<unsigned char>(c));
    for (int32_t o = output_begin_[state]; o < output_begin_[state + 1]; ++o)
      found->push_back(outputs_[o]);
  }
  std::sort(found->begin() + static_cast<std::ptrdiff_t>(first), found->end());
  found->erase(std::unique(found->begin() + static_cast<std::ptrdiff_t>(first), found->end()),
               found->end());
}

LiteralFilter::LiteralFilter() = default;
LiteralFilter::~LiteralFilter() = default;
LiteralFilter::LiteralFilter(LiteralFilter&&) noexcept = default;
LiteralFilter& LiteralFilter::operator=(LiteralFilter&&) noexcept = default;

void LiteralFilter::Add(std::string_view pattern) { pending_.emplace_back(pattern); }

namespace {

// The letters of `s` that are words of the sentence: a placeholder's type
// code ("⟦unk:") is in nearly every sentence a rule reads.
size_t WordLetters(std::string_view s) {
  constexpr std::string_view kOpenBracket = "\xE2\x9F\xA6";
  size_t letters = 0;
  bool code = false;  // between "⟦" and its ':'
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i).starts_with(kOpenBracket)) {
      code = true;
      i += kOpenBracket.size() - 1;
    } else if (code) {
      code = s[i] != ':';
    } else if (s[i] >= 'a' && s[i] <= 'z') {
      ++letters;
    }
  }
  return letters;
}

// The clause a pattern is looked up by: the one that holds in the fewest
// sentences, as far as its strings tell. A clause holds as often as its
// commonest string at least, and short strings are common (" at ", ", a "):
// the clause whose shortest string has the most letters is taken, of those
// the one with fewer strings. Measured on 3,000 masked sentences, the
// patterns looked at fell from 42 a sentence (fewest strings first) to 29;
// 20 with the rarest clause known.
size_t KeyClause(const LiteralClauses& clauses) {
  auto rank = [](const std::vector<std::string>& clause) {
    size_t fewest_letters = std::numeric_limits<size_t>::max();
    for (const std::string& s : clause) fewest_letters = std::min(fewest_letters, WordLetters(s));
    return std::tuple(std::numeric_limits<size_t>::max() - fewest_letters, clause.size());
  };
  size_t key = 0;
  for (size_t c = 1; c < clauses.size(); ++c) {
    if (rank(clauses[c]) < rank(clauses[key])) key = c;
  }
  return key;
}

}  // namespace

bool LiteralFilter::Finish() {
  std::vector<std::string> atoms;
  StringMap<int> atom_index;
  auto index = [&](const std::string& s) {
    auto [it, added] = atom_index.try_emplace(s, static_cast<int>(atoms.size()));
    if (added) {
      atoms.push_back(s);
      patterns_keyed_.emplace_back();
    }
    return it->second;
  };
  std::vector<LiteralClauses> required = RequiredLiteralsOfAll(pending_);
  pending_ = {};
  for (size_t p = 0; p < required.size(); ++p) {
    LiteralClauses& clauses = required[p];
    clauses_.emplace_back();
    if (clauses.empty()) {
      unconditional_.push_back(static_cast<int>(p));
      continue;
    }
    std::swap(clauses[0], clauses[KeyClause(clauses)]);
    for (const std::vector<std::string>& clause : clauses) {
      std::vector<int>& ids = clauses_.back().emplace_back();
      for (const std::string& s : clause) ids.push_back(index(s));
    }
    for (int atom : clauses_.back().front()) patterns_keyed_[atom].push_back(static_cast<int>(p));
  }
  if (atoms.empty()) return true;
  // RE2 matches "k" to the Kelvin sign and "s" to the long s; the atoms
  // are searched byte by byte with ASCII case folded, so a text holding
  // either is not searched (NFKC text never does).
  first_unfolded_atom_ = static_cast<int>(atoms.size());
  for (const char* folded : {"\xE2\x84\xAA", "\xC5\xBF"}) atoms.emplace_back(folded);
  patterns_keyed_.resize(atoms.size());  // no pattern is keyed by those
  atoms_ = std::make_unique<AtomFinder>(atoms);
  return atoms_->ok();
}

void LiteralFilter::MayMatch(std::string_view text, std::vector<int>* patterns) const {
  // Buffers kept across sentences (this runs for every sentence), marked
  // with a number per call instead of cleared.
  thread_local std::vector<int> found;
  thread_local std::vector<uint32_t> atom_mark, pattern_mark;
  thread_local uint32_t mark = 0;
  if (atom_mark.size() < patterns_keyed_.size()) atom_mark.resize(patterns_keyed_.size(), 0);
  if (pattern_mark.size() < clauses_.size()) pattern_mark.resize(clauses_.size(), 0);
  if (++mark == 0) {  // wrapped: old marks could read as new
    std::fill(atom_mark.begin(), atom_mark.end(), 0);
    std::fill(pattern_mark.begin(), pattern_mark.end(), 0);
    mark = 1;
  }
  found.clear();
  if (atoms_) atoms_->Find(text, &found);
  size_t first = patterns->size();
  if (!found.empty() && found.back() >= first_unfolded_atom_) {
    for (size_t p = 0; p < clauses_.size(); ++p) patterns->push_back(static_cast<int>(p));
    return;
  }
  for (int atom : found) atom_mark[atom] = mark;
  patterns->insert(patterns->end(), unconditional_.begin(), unconditional_.end());
  auto holds = [&](const std::vector<int>& clause) {
    return std::any_of(clause.begin(), clause.end(), [&](int a) { return atom_mark[a] == mark; });
  };
  // Only the patterns whose key clause holds are looked at: a few per sentence.
  for (int atom : found) {
    for (int p : patterns_keyed_[atom]) {
      if (pattern_mark[p] == mark) continue;
      pattern_mark[p] = mark;
      const std::vector<std::vector<int>>& clauses = clauses_[p];
      if (std::all_of(clauses.begin() + 1, clauses.end(), holds)) patterns->push_back(p);
    }
  }
  std::sort(patterns->begin() + static_cast<std::ptrdiff_t>(first), patterns->end());
}

}  // namespace kg::extract
