// Entity recognition: candidates from several sources, then one
// deterministic selection (see entities.h for the priority).
#include "extract/entities.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_set>

namespace kg::extract {

// Tokens compare with string_view literals: an inline length check, where
// `std::string == "..."` calls strlen and compare() for every token.
using namespace std::string_view_literals;

struct Recognizer::Candidate {
  Mention mention;
  size_t first = 0;  // token range [first, last)
  size_t last = 0;
  int tier = 1;       // 0 acronym definition, 1 known or cue-typed, 2 untyped shape
  bool term = false;  // a lowercase gazetteer term ("world model")
  // A known name that is no entity (a chip, a license): wins its span like
  // any known name, so no shape or cue makes an entity of it, then is dropped.
  bool not_entity = false;
};

namespace {

std::string_view Surface(std::string_view text, const Token& a, const Token& b, uint32_t base) {
  return text.substr(a.begin - base, b.end - a.begin);
}

bool IsWordToken(const Token& t, std::string_view w) { return t.word && t.lower == w; }

bool IsYear(std::string_view w) {
  return w.size() == 4 && (w.starts_with("19") || w.starts_with("20")) &&
         w.find_first_not_of("0123456789") == std::string_view::npos;
}

// Tokenize() reads a word's shape once (Token::name_shape): recognition
// asks it of most tokens several times.
bool IsNameWord(const Token& t) { return t.name_shape; }

// Schwartz & Hearst (2003): the start of the long form in `lf` whose letters
// spell `sf` (lowercase letters and digits), or npos.
size_t LongFormStart(std::string_view lf, std::string_view sf) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 128;
  };
  long s = static_cast<long>(sf.size()) - 1;
  long l = static_cast<long>(lf.size()) - 1;
  while (s >= 0) {
    char c = sf[s];
    while ((l >= 0 && lf[l] != c) || (s == 0 && l > 0 && alnum(lf[l - 1]))) --l;
    if (l < 0) return std::string_view::npos;
    --l;
    --s;
  }
  size_t space = lf.rfind(' ', static_cast<size_t>(l + 1));
  return space == std::string_view::npos ? 0 : space + 1;
}

// The start of the words of `lf` whose initials spell `sf`, the first at a
// space ("Proximal Policy Optimization" for "ppo", where Schwartz & Hearst
// take the shortest form, "Policy Optimization", reading the second "p" in
// "optimization"); npos if none.
size_t InitialsStart(std::string_view lf, std::string_view sf) {
  std::string initials;
  for (size_t i = lf.size(); i-- > 0 && initials.size() < sf.size();) {
    bool word_start = i == 0 || lf[i - 1] == ' ' || lf[i - 1] == '-';
    if (!word_start || lf[i] == ' ' || lf[i] == '-') continue;
    initials.insert(initials.begin(), lf[i]);
    if (initials.size() == sf.size())
      return initials == sf && (i == 0 || lf[i - 1] == ' ') ? i : std::string_view::npos;
  }
  return std::string_view::npos;
}

// ", a ..." / ", an ..." right after a word: the word is being introduced.
bool StartsApposition(const std::vector<Token>& tokens, size_t i) {
  return i + 1 < tokens.size() && tokens[i].lower == ","sv &&
         (tokens[i + 1].lower == "a"sv || tokens[i + 1].lower == "an"sv);
}

// Two or more spaces, a tab or a line break between two tokens: they stand
// in different cells of a table, or on different lines.
bool ColumnGap(std::string_view text, const Token& a, const Token& b) {
  uint32_t gap = b.begin - a.end;
  return gap > 1 || (gap == 1 && text[a.end] != ' ');
}

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

bool IsAcronymShape(const Token& t) {
  if (!t.word || t.lower.size() < 2 || t.lower.size() > 12) return false;
  return t.all_caps || (t.cap && (t.inner_cap || t.digit));
}

}  // namespace

std::string_view TypeCode(const Mention& mention) {
  if (!mention.typed) return "UNK";
  switch (mention.type) {
    case EntityType::kPerson:
      return "PER";
    case EntityType::kOrganization:
      return "ORG";
    case EntityType::kTechnique:
      return "TECH";
    case EntityType::kDataset:
      return "DATA";
    case EntityType::kLocation:
      return "LOC";
  }
  return "UNK";
}

std::vector<bool> Recognizer::SentenceStarts(const std::vector<Token>& tokens) const {
  std::vector<bool> starts(tokens.size(), false);
  bool next_is_start = true;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].word) {
      if (next_is_start) starts[i] = true;
      next_is_start = false;
      continue;
    }
    // "What's new: X ..." and quotes start anew.
    bool label_colon = tokens[i].lower == ":"sv && i <= 6;
    if (label_colon || tokens[i].lower == "\""sv || tokens[i].lower == "\xE2\x80\x9C"sv ||
        tokens[i].lower == "("sv) {
      next_is_start = true;
    }
  }
  return starts;
}

// "GPT-2-sized", "BERT-style", "ImageNet-scale": a name turned adjective.
bool IsNameAdjective(std::string_view w) {
  // Runs for every token: string_views of known length, and most words have no hyphen.
  static constexpr std::string_view kSuffixes[] = {
      "-sized",    "-size",      "-style",   "-like",       "-scale",     "-class",    "-level",
      "-grade",    "-generated", "-powered", "-driven",     "-enabled",   "-aware",    "-bound",
      "-friendly", "-centric",   "-native",  "-compatible", "-optimized", "-specific", "-focused"};
  if (w.find('-') == std::string_view::npos) return false;
  for (std::string_view suffix : kSuffixes) {
    if (w.size() > suffix.size() && w.ends_with(suffix)) return true;
  }
  return false;
}

// Words a headline leaves lowercase ("Bets on AI", "Went From X to Y").
bool IsHeadlineFunctionWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "a",  "an",  "the", "and", "or",   "nor",  "but",  "of",  "in", "on", "at",
      "to", "for", "by",  "as",  "with", "from", "into", "via", "vs", "up", "over"};
  return kWords.contains(w);
}

bool Recognizer::IsHeading(std::string_view text, Span sentence,
                           const std::vector<Token>& tokens) const {
  char last = text[sentence.end - 1];
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ',') return false;
  // "Authors: Wei Zhang and Anika Rao (Tsinghua University)": a paper's
  // author line is all names, not a headline.
  if (tokens.size() >= 2 && (tokens[0].lower == "authors"sv || tokens[0].lower == "author"sv) &&
      tokens[1].lower == ":"sv)
    return false;
  // "| Benchmark | Zephyr-2 | GPT-4 |", "Model    MMLU    GSM8K": a table's
  // header names models or benchmarks, not a headline's words; nor is a
  // model card's field line ("Developer: Northfield University").
  std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
  constexpr size_t kMaxLabel = 32;
  if (size_t colon = said.find(':');
      colon <= kMaxLabel && lexicon_.field_labels.count(LowerUtf8(said.substr(0, colon))))
    return false;
  if (said.find('|') != std::string_view::npos || said.find('\t') != std::string_view::npos ||
      said.find("   ") != std::string_view::npos)
    return false;
  // "Posted by Dana Okafor for the Kestrel team": a byline names people.
  // "GPT-4.5 (OpenAI) — 1,329": a row of a list or table, with brackets.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].lower == "by"sv && tokens[i + 1].cap) return false;
    if (tokens[i].lower == "("sv) return false;
  }
  // Headline style capitalizes all but short function words ("in", "on",
  // "from"), which count as written to the style.
  int words = 0, caps = 0;
  for (const Token& t : tokens) {
    if (!t.word) continue;
    ++words;
    if (t.cap || t.digit || lexicon_.connectors.count(t) || IsHeadlineFunctionWord(t.lower)) ++caps;
  }
  return words >= 1 && words <= 16 && caps * 10 >= words * 8;
}

void Recognizer::NoteMidSentenceCaps(const std::vector<Token>& tokens, DocMemory* memory) const {
  std::vector<bool> starts = SentenceStarts(tokens);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (starts[i] || !tokens[i].word || !tokens[i].cap) continue;  // the cheap tests first
    bool alone = (i == 0 || !IsNameWord(tokens[i - 1])) &&
                 (i + 1 == tokens.size() || !IsNameWord(tokens[i + 1]));
    if (alone) memory->mid_sentence_caps.insert(tokens[i].lower);
  }
}

// The name and type of a form a sentence defines ("Long Form (LF)", "X,
// short for Long Form"): a known entry's, found by the short form or else
// the long form (when given), or the short form itself, a technique unless
// a word of the long form (tokens[first, end)) is an organization's cue.
// Whether an entry was known.
bool Recognizer::NameDefinedForm(const std::string& short_form, const std::string& long_form,
                                 const std::vector<Token>& tokens, size_t first, size_t end,
                                 Candidate* c) const {
  std::optional<int> known = gazetteer_.Find(short_form);
  if (!known && !long_form.empty()) known = gazetteer_.Find(long_form);
  if (known) {
    const GazetteerEntry& e = gazetteer_.entry(*known);
    c->not_entity = e.not_entity;
    c->mention.name = e.name;
    c->mention.type = e.type;
    return true;
  }
  c->mention.name = short_form;
  c->mention.type = EntityType::kTechnique;
  for (size_t k = first; k < end; ++k) {
    if (tokens[k].cap && lexicon_.org_cues.count(tokens[k]))
      c->mention.type = EntityType::kOrganization;
  }
  return false;
}

void Recognizer::FindAcronyms(std::string_view text, const std::vector<Token>& tokens,
                              std::vector<Candidate>* out) const {
  for (size_t i = 1; i + 2 < tokens.size(); ++i) {
    size_t a = i + 1;  // the short form
    size_t end = 0;    // one past the definition's last token
    if (tokens[i].lower == "("sv) {
      // "Long Form (LF)", "Long Form (or LF)"
      if (IsWordToken(tokens[a], "or")) ++a;
      if (a + 1 >= tokens.size() || !IsAcronymShape(tokens[a]) || tokens[a + 1].lower != ")"sv)
        continue;
      end = a + 2;
    } else if (tokens[i].lower == ","sv && IsWordToken(tokens[a], "or")) {
      // "Long Form, or LF," at the end of a clause
      ++a;
      bool clause_ends =
          a + 1 == tokens.size() || (a + 1 < tokens.size() && !tokens[a + 1].word &&
                                     tokens[a + 1].lower != "'s"sv && tokens[a + 1].lower != "-"sv);
      if (a >= tokens.size() || !IsAcronymShape(tokens[a]) || !clause_ends) continue;
      end = a + 1;
    } else {
      continue;
    }
    std::string sf;
    for (char c : tokens[a].lower) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) sf += c;
    }
    size_t window = std::min<size_t>(i, std::min(sf.size() + 5, sf.size() * 2));
    size_t from = i - window;
    std::string lf =
        LowerUtf8(text.substr(tokens[from].begin, tokens[i - 1].end - tokens[from].begin));
    size_t start = InitialsStart(lf, sf);
    if (start == std::string_view::npos) start = LongFormStart(lf, sf);
    if (start == std::string_view::npos) continue;
    // "DeepSeek-R1-0528 (DeepSeek)": a name that begins with the bracketed
    // one is no definition of it; the brackets name its maker.
    if (std::string_view(lf).substr(start).starts_with(tokens[a].lower)) continue;
    size_t first = from;
    while (first < i && tokens[first].begin < tokens[from].begin + start) ++first;
    if (first >= i || !tokens[first].word) continue;
    Candidate c;
    c.first = first;
    c.last = end;
    c.tier = 0;
    std::string long_form(
        text.substr(tokens[first].begin, tokens[i - 1].end - tokens[first].begin));
    std::string short_form(text.substr(tokens[a].begin, tokens[a].end - tokens[a].begin));
    c.mention.span = {tokens[first].begin, tokens[end - 1].end};
    c.mention.source = MentionSource::kAcronym;
    if (NameDefinedForm(short_form, long_form, tokens, first, i, &c)) {
      c.mention.aliases = {long_form, short_form};
    } else {
      c.mention.aliases = {long_form};
      if (lexicon_.dataset_cues.count(tokens[i - 1]) ||
          (i >= 2 && tokens[i - 1].digit && lexicon_.dataset_cues.count(tokens[i - 2])))
        c.mention.type = EntityType::kDataset;
    }
    out->push_back(std::move(c));
  }
}

// "EMMA, short for End-to-End Multimodal Model for Autonomous Driving, is
// ..." and "Lion (short for EvoLved Sign Momentum)": the long form after
// "short for" is another name of the one-word name before it, and none of
// its words names anything else.
void Recognizer::FindShortFor(std::string_view text, const std::vector<Token>& tokens,
                              std::vector<Candidate>* out) const {
  constexpr size_t kMaxLongForm = 12;
  for (size_t i = 1; i + 3 < tokens.size(); ++i) {
    bool opens = tokens[i].lower == ","sv || tokens[i].lower == "("sv;
    if (!opens || !IsWordToken(tokens[i + 1], "short") || !IsWordToken(tokens[i + 2], "for"))
      continue;
    const Token& name = tokens[i - 1];
    bool one_word = i < 2 || !IsNameWord(tokens[i - 2]);
    if (!name.name_shape || !one_word) continue;
    std::string_view closer = tokens[i].lower == "("sv ? ")"sv : ","sv;
    size_t end = i + 3;
    while (end < tokens.size() && end - (i + 3) < kMaxLongForm && tokens[end].lower != closer &&
           tokens[end].lower != ";"sv)
      ++end;
    if (end == i + 3 || end - (i + 3) >= kMaxLongForm || !tokens[i + 3].cap) continue;
    std::string short_form(text.substr(name.begin, name.end - name.begin));
    std::string long_form(
        text.substr(tokens[i + 3].begin, tokens[end - 1].end - tokens[i + 3].begin));
    Candidate c;
    c.first = i - 1;
    c.last = end < tokens.size() && closer == ")"sv ? end + 1 : end;
    c.tier = 0;
    c.mention.span = {name.begin, tokens[c.last - 1].end};
    c.mention.source = MentionSource::kAcronym;
    NameDefinedForm(short_form, "", tokens, i + 3, end, &c);
    c.mention.aliases = {long_form};
    out->push_back(std::move(c));
  }
}

// "SALESFORCE BETS ON SPEECH": a headline in capitals writes a name no
// differently from the gazetteer's other than in case, unless capitals are
// one of its names ("NVIDIA").
static bool Shouted(std::string_view surface, const GazetteerEntry& e) {
  bool upper =
      std::none_of(surface.begin(), surface.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!upper || surface == e.name) return false;
  return std::find(e.aliases.begin(), e.aliases.end(), surface) == e.aliases.end();
}

// The name an article uses wins over the gazetteer's ("Yale", not "Yale
// University"; "rotary position embeddings", not "rotary positional
// embedding"; the gazetteer's becomes an alias), except for places and a
// term written with a head noun its entry lacks ("transformer model": the
// entry's "transformer"); the first name used stays the name for the whole
// article.
std::string Recognizer::DisplayName(const GazetteerEntry& e, std::string_view surface,
                                    const DocMemory& memory) const {
  auto known = memory.display_names.find(e.name);
  if (known != memory.display_names.end()) return known->second;
  // Places keep their full name: "CA" and "U.S." are abbreviations of one.
  if (e.type == EntityType::kLocation || Shouted(surface, e)) return e.name;
  if (!e.any_case || Tokenize(surface, 0, lexicon_.abbreviations).front().all_caps)
    return std::string(surface);
  std::string term(surface);
  size_t last_space = term.rfind(' ');
  if (last_space != std::string::npos &&
      lexicon_.term_head_nouns.count(std::string_view(term).substr(last_space + 1)) &&
      !lexicon_.term_head_nouns.count(std::string_view(e.name).substr(e.name.rfind(' ') + 1)))
    return e.name;
  // One of the entry's names in other case ("Sparse Attention" opening a
  // bullet) or hyphenated as an adjective ("mixture-of-experts layer") is
  // that name as the entry spells it.
  const std::string lower_term = LowerUtf8(term);
  std::string spaced = lower_term;
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  auto same = [&](const std::string& name) {
    std::string lower = LowerUtf8(name);
    return lower == lower_term || lower == spaced;
  };
  if (same(e.name)) return e.name;
  for (const std::string& alias : e.aliases) {
    if (same(alias)) return alias;
  }
  // Otherwise the article's spelling ("rotary position embeddings"), a
  // lowercase term in lowercase where a sentence opens with it, though not
  // an acronym ("NeRF").
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  size_t first_end = std::min(term.find_first_of(" -"), term.size());
  if (upper(term[0]) && !upper(e.name[0]) &&
      std::none_of(term.begin() + 1, term.begin() + static_cast<long>(first_end), upper))
    term[0] = static_cast<char>(term[0] - 'A' + 'a');
  return term;
}

void Recognizer::FindGazetteer(std::string_view text, const std::vector<Token>& tokens,
                               const DocMemory& memory, std::vector<Candidate>* out) const {
  if (tokens.empty()) return;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::optional<GazetteerMatch> m = gazetteer_.LongestMatch(tokens, i, text, 0);
    if (!m) {
      // "Qwen2-72B", "Codex-12B", "Llama-3-70B-Instruct": one word naming a
      // variant of a known model is a model of its own.
      if (tokens[i].hyphen && (tokens[i].digit || tokens[i].inner_cap)) {
        std::string_view word = Surface(text, tokens[i], tokens[i], 0);
        if (IsKnownModelVariant(word)) {
          Candidate c;
          c.first = i;
          c.last = i + 1;
          c.mention.span = {tokens[i].begin, tokens[i].end};
          c.mention.name = std::string(word);
          c.mention.canonical = c.mention.name;
          c.mention.type = EntityType::kTechnique;
          c.mention.source = MentionSource::kGazetteer;
          out->push_back(std::move(c));
        }
      }
      continue;
    }
    const GazetteerEntry& e = gazetteer_.entry(m->entry);
    Candidate c;
    c.first = i;
    c.last = i + m->tokens;
    size_t variant_words = 0;
    // "1.5" in "Gemini 1.5 Pro", "3" in "Mistral Medium 3".
    auto version = [&](size_t k) {
      const std::string& w = tokens[k].lower;
      return tokens[k].word && !w.empty() &&
             w.find_first_not_of("0123456789.") == std::string::npos;
    };
    // "2-Chat" in "Llama 2-Chat", "2-70B" in "Llama 2-70B": a version joined
    // to a variant by a hyphen.
    auto hyphen_version = [&](size_t k) {
      const Token& t = tokens[k];
      if (!t.word || !t.hyphen || !t.digit || t.lower.empty() || t.lower[0] < '0' ||
          t.lower[0] > '9')
        return false;
      size_t dash = t.lower.find('-');
      if (dash == std::string::npos || dash + 1 >= t.lower.size() ||
          t.lower.find_first_not_of("0123456789.") != dash)
        return false;
      char after = text[t.begin + dash + 1];
      return (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9');
    };
    if (e.type == EntityType::kTechnique && !e.any_case && !m->plural) {
      while (c.last < tokens.size() && variant_words < 2) {
        if (IsModelVariant(tokens[c.last]) || hyphen_version(c.last)) {
          ++c.last;
        } else if (c.last + 1 < tokens.size() && version(c.last) &&
                   IsModelVariant(tokens[c.last + 1])) {
          c.last += 2;
        } else if (IsBareVersion(tokens, c.last)) {
          ++c.last;  // "Claude Opus 4", "AlphaFold 3"
        } else {
          break;
        }
        ++variant_words;
      }
    }
    // "DAVIS 2017", "AIME 2024": a benchmark's edition by its year.
    if (e.type == EntityType::kDataset && !e.any_case && !m->plural && c.last < tokens.size() &&
        IsYear(tokens[c.last].lower)) {
      ++c.last;
      ++variant_words;
    }
    // "GPQA Diamond", "BIG-Bench Hard": a named subset of a known benchmark.
    if (e.type == EntityType::kDataset && !e.any_case && !m->plural && c.last < tokens.size() &&
        tokens[c.last].cap && lexicon_.dataset_variant_words.count(tokens[c.last].lower)) {
      ++c.last;
      ++variant_words;
    }
    // "the Vicuna benchmark": a model's name and "benchmark" name a benchmark.
    bool model_benchmark = e.type == EntityType::kTechnique && !e.any_case && !m->plural &&
                           c.last < tokens.size() && tokens[c.last].lower == "benchmark"sv;
    if (model_benchmark) {
      ++c.last;
      ++variant_words;
    }
    // "Mistral Large": a lab's name and a size word name one of its models.
    // "Suno v4", "Udio v1.5": so do its name and a version.
    auto version_word = [&](const Token& t) {
      return t.word && t.lower.size() >= 2 && t.lower[0] == 'v' && !t.cap && IsModelVariant(t);
    };
    bool lab_model =
        e.type == EntityType::kOrganization && !m->plural && c.last < tokens.size() &&
        ((tokens[c.last].cap && lexicon_.lab_model_words.count(tokens[c.last].lower)) ||
         version_word(tokens[c.last]));
    if (lab_model) {
      ++c.last;
      ++variant_words;
      if (c.last < tokens.size() && version(c.last)) ++c.last;
    }
    c.mention.span = {tokens[i].begin, tokens[c.last - 1].end};
    std::string_view surface = Surface(text, tokens[i], tokens[c.last - 1], 0);
    c.term = e.any_case;
    c.not_entity = e.not_entity;
    c.mention.type = lab_model         ? EntityType::kTechnique
                     : model_benchmark ? EntityType::kDataset
                                       : e.type;
    if (variant_words > 0) {
      // "GPT-4o mini" is another model than GPT-4o: its own name, no aliases.
      // So is "GPQA Diamond" another benchmark than GPQA.
      c.mention.name = std::string(surface);
      c.mention.canonical = c.mention.name;
    } else {
      c.mention.name = DisplayName(e, surface, memory);
      c.mention.canonical = e.name;
      c.mention.aliases = e.aliases;
      if (c.mention.name != e.name) c.mention.aliases.push_back(e.name);
    }
    c.mention.source = MentionSource::kGazetteer;
    out->push_back(std::move(c));
  }
}

void Recognizer::FindRemembered(const std::vector<Token>& tokens, const DocMemory& memory,
                                std::vector<Candidate>* out) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!IsNameWord(tokens[i])) continue;
    // "Arctic" after "Snowflake Arctic": the model before another sense.
    auto tail = memory.model_tails.find(tokens[i].lower);
    auto it = memory.single_words.find(tokens[i].lower);
    if (tail == memory.model_tails.end() && it == memory.single_words.end()) continue;
    Candidate c;
    c.first = i;
    c.last = i + 1;
    if (tail != memory.model_tails.end()) {
      // The model, not a gazetteer's sense of the bare word ("Arctic", the
      // region); a longer name holding the word ("Arctic Embed") still wins.
      std::erase_if(
          *out, [i](const Candidate& known) { return known.first == i && known.last == i + 1; });
      c.mention = tail->second;
    } else {
      c.mention = it->second;
    }
    c.mention.span = {tokens[i].begin, tokens[i].end};
    c.mention.source = MentionSource::kMemory;
    out->push_back(std::move(c));
  }
}

// Lowercase surname particles at `j` ("van den" in "Aaron van den Oord")
// followed by a capitalized word: how many, or 0.
size_t Recognizer::NameParticlesAt(const std::vector<Token>& tokens, size_t j) const {
  size_t k = j;
  while (k < tokens.size() && k - j < 2 && !tokens[k].cap &&
         lexicon_.name_particles.count(tokens[k]))
    ++k;
  bool name_follows = k > j && k < tokens.size() && tokens[k].cap && tokens[k].word &&
                      !lexicon_.stop_words.count(tokens[k]);
  return name_follows ? k - j : 0;
}

bool AbstractNounEnding(std::string_view lower) {
  static constexpr std::string_view kEndings[] = {"tions", "sions", "ities",  "ments",
                                                  "ness",  "isms",  "ologies"};
  return std::any_of(std::begin(kEndings), std::end(kEndings), [&](std::string_view e) {
    return lower.size() > e.size() + 2 && lower.ends_with(e);
  });
}

bool HasAbstractNounWord(std::string_view name) {
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    if (AbstractNounEnding(LowerUtf8(name.substr(start, end - start)))) return true;
    start = end + 1;
  }
  return false;
}

bool Recognizer::LooksLikePerson(const std::vector<Token>& tokens, size_t i, size_t j) const {
  if (j - i < 2 || j - i > 4) return false;
  if (lexicon_.stop_words.count(tokens[i])) return false;  // "Are Emergent Abilities"
  for (size_t k = i; k < j; ++k) {
    const Token& t = tokens[k];
    if (AbstractNounEnding(t.lower)) return false;
    if (k > i && k + 1 < j && !t.cap && lexicon_.name_particles.count(t)) continue;
    bool initial = t.lower.size() == 2 && t.lower[1] == '.';
    if (!t.cap || t.digit || (t.all_caps && !initial)) return false;
    if (lexicon_.org_cues.count(t) || lexicon_.org_suffixes.count(t)) return false;
  }
  return true;
}

// A hyphenated word with a parameter count in billions as one of its parts:
// "16B" in "CodeGen-16B-Mono", "8x22B" in "Mixtral-8x22B", "1.3B" in "phi-1.3B".
static bool HasParameterCount(const Token& t) {
  if (!t.hyphen || !t.digit) return false;
  std::string_view rest = t.lower;
  while (!rest.empty()) {
    size_t dash = rest.find('-');
    std::string_view part = rest.substr(0, dash);
    rest = dash == std::string_view::npos ? std::string_view() : rest.substr(dash + 1);
    size_t x = part.find('x');
    if (x != std::string_view::npos && x > 0) part = part.substr(x + 1);  // "8x22b"
    // Billions only: "LVD-142M" counts images.
    if (part.size() < 2 || part.back() != 'b') continue;
    std::string_view number = part.substr(0, part.size() - 1);
    bool digits = !number.empty() && std::isdigit(static_cast<unsigned char>(number[0])) &&
                  number.find_first_not_of("0123456789.") == std::string_view::npos;
    if (digits) return true;
  }
  return false;
}

void Recognizer::AddShape(std::string_view text, const std::vector<Token>& tokens, size_t i,
                          size_t j, bool person_cue, std::vector<Candidate>* out) const {
  while (j > i && lexicon_.connectors.count(tokens[j - 1])) --j;
  if (j <= i) return;
  // "University" or "Lab" alone names nothing ("a University Professor").
  if (j - i == 1 && lexicon_.org_cues.count(tokens[i])) return;
  Candidate c;
  c.first = i;
  c.last = j;
  c.mention.span = {tokens[i].begin, tokens[j - 1].end};
  c.mention.name = std::string(Surface(text, tokens[i], tokens[j - 1], 0));
  c.mention.source = MentionSource::kCue;
  bool org = false;
  for (size_t k = i; k < j; ++k) org = org || (tokens[k].cap && lexicon_.org_cues.count(tokens[k]));
  org = org || (j - i >= 2 && lexicon_.org_suffixes.count(tokens[j - 1]));
  bool person_shape = LooksLikePerson(tokens, i, j);
  if (org) {
    c.mention.type = EntityType::kOrganization;
  } else if (lexicon_.dataset_cues.count(tokens[j - 1]) ||
             (j - i >= 2 && tokens[j - 1].digit && lexicon_.dataset_cues.count(tokens[j - 2]))) {
    c.mention.type = EntityType::kDataset;
  } else if (person_shape && (person_cue || lexicon_.first_names.count(tokens[i]) ||
                              lexicon_.surnames.count(tokens[j - 1]))) {
    c.mention.type = EntityType::kPerson;
    c.mention.source = MentionSource::kPerson;
    // "Larry Brock, Jr.": the suffix belongs to the name.
    size_t k = j < tokens.size() && tokens[j].lower == ","sv ? j + 1 : j;
    if (k < tokens.size() && (tokens[k].lower == "jr."sv || tokens[k].lower == "sr."sv)) {
      c.last = k + 1;
      c.mention.span.end = tokens[k].end;
      c.mention.name += " " + std::string(Surface(text, tokens[k], tokens[k], 0));
    }
  } else {
    c.tier = 2;
    c.mention.typed = false;
    c.mention.source = MentionSource::kShape;
    bool techy = false;
    for (size_t k = i; k < j; ++k)
      techy = techy || tokens[k].inner_cap || tokens[k].digit || tokens[k].all_caps;
    c.mention.type = techy ? EntityType::kTechnique : EntityType::kOrganization;
    if (person_shape) c.mention.type = EntityType::kPerson;
    // "CodeGen-16B-Mono", "Mixtral-8x22B": a parameter count in the name
    // makes it a model.
    if (std::any_of(tokens.begin() + i, tokens.begin() + j, HasParameterCount)) {
      c.mention.type = EntityType::kTechnique;
      c.mention.typed = true;
      c.tier = 1;
    }
    TypeByContext(tokens, &c);
  }
  out->push_back(std::move(c));
}

// "4" in "Claude Opus 4" but not in "GPT-4 3 times faster" or "in 2023": one
// digit, maybe a decimal part, and no quantity word after it.
bool Recognizer::IsBareVersion(const std::vector<Token>& tokens, size_t k) const {
  if (k >= tokens.size() || !tokens[k].word) return false;
  const std::string& w = tokens[k].lower;
  bool one_digit = std::isdigit(static_cast<unsigned char>(w[0])) &&
                   (w.size() == 1 || (w.size() >= 3 && w[1] == '.' &&
                                      w.find_first_not_of("0123456789", 2) == std::string::npos));
  if (!one_digit) return false;
  return k + 1 >= tokens.size() || !lexicon_.quantity_words.count(tokens[k + 1].lower);
}

// "Arabic-English", "US-China": a hyphenated word made of words that are no
// names alone (lexicon stop_words) is no name either.
bool Recognizer::IsStopWordCompound(const Token& t) const {
  if (!t.word || !t.hyphen) return false;
  std::string_view rest = t.lower;
  while (!rest.empty()) {
    size_t dash = rest.find('-');
    if (!lexicon_.stop_words.count(std::string(rest.substr(0, dash)))) return false;
    if (dash == std::string_view::npos) break;
    rest.remove_prefix(dash + 1);
  }
  return true;
}

// "Qwen2-72B": a hyphenated word whose last parts name sizes or variants
// ("72B", "Instruct") and whose first part is a known model ("Qwen2";
// "Llama-3" as "Llama 3").
bool Recognizer::IsKnownModelVariant(std::string_view word) const {
  if (word.find('-') == std::string_view::npos) return false;
  std::string_view rest = word;
  for (size_t dash = rest.rfind('-'); dash != std::string_view::npos && dash > 0;
       dash = rest.rfind('-')) {
    std::string_view part = rest.substr(dash + 1);
    std::vector<Token> parts = Tokenize(part, 0, lexicon_.abbreviations);
    if (parts.size() != 1 || !IsModelVariant(parts[0])) return false;
    rest = rest.substr(0, dash);
    std::string spaced(rest);
    std::replace(spaced.begin(), spaced.end(), '-', ' ');
    for (std::string_view name : {rest, std::string_view(spaced)}) {
      std::optional<int> known = gazetteer_.Find(name);
      if (known && gazetteer_.entry(*known).type == EntityType::kTechnique &&
          !gazetteer_.entry(*known).any_case && !gazetteer_.entry(*known).not_entity)
        return true;
    }
  }
  return false;
}

// A word naming a variant of a model ("Pro", "mini", "v2") or its size
// ("7B", "8x7B", "1.5B").
bool Recognizer::IsModelVariant(const Token& t) const {
  if (!t.word) return false;
  if (lexicon_.model_variant_words.count(t.lower)) return t.cap || t.lower == "mini"sv;
  std::string_view w = t.lower;
  // "v2" in "MoCo v2", "v5p" in "TPU v5p", "v1.5".
  if (w.size() >= 2 && w[0] == 'v' && w[1] >= '0' && w[1] <= '9') {
    size_t end = w.find_first_not_of("0123456789.", 1);
    return end == std::string_view::npos || (end + 1 == w.size() && w[end] >= 'a' && w[end] <= 'z');
  }
  if (!t.digit) return false;
  // "large-v3" in "Whisper large-v3": a size word and a version.
  if (size_t dash = w.find('-');
      dash != std::string_view::npos && dash > 0 && dash + 2 < w.size() && w[dash + 1] == 'v' &&
      std::isdigit(static_cast<unsigned char>(w[dash + 2])) &&
      std::all_of(w.begin(), w.begin() + dash, [](char c) { return c >= 'a' && c <= 'z'; }))
    return true;
  // "7B", "125M", "15T" (tokens): a size.
  auto size = [](std::string_view s) {
    if (s.size() < 2 || (s.back() != 'b' && s.back() != 'm' && s.back() != 't')) return false;
    s.remove_suffix(1);
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == 'x'; }) &&
           s.front() >= '0' && s.front() <= '9';
  };
  // "7B-it", "8B-Instruct": a size and a variant word.
  size_t dash = w.find('-');
  if (dash != std::string_view::npos) {
    std::string tail(w.substr(dash + 1));
    return size(w.substr(0, dash)) && (tail == "it" || lexicon_.model_variant_words.count(tail));
  }
  return size(w);
}

bool Recognizer::IsPersonRole(const Token& t) const {
  auto cue = lexicon_.type_cues.find(t);
  return t.word && cue != lexicon_.type_cues.end() && cue->second == EntityType::kPerson;
}

// "AI Safety Institute": a word that alone is no name ("AI") starts one
// when capitalized words up to an organization cue follow it.
bool Recognizer::StartsOrgName(const std::vector<Token>& tokens, size_t i) const {
  // "The University of Toronto", "At Northfield University": articles and
  // prepositions are no part of the name.
  if (IsHeadlineFunctionWord(tokens[i].lower) || tokens[i].lower == "after"sv ||
      tokens[i].lower == "before"sv || tokens[i].lower == "during"sv ||
      tokens[i].lower == "under"sv)
    return false;
  for (size_t k = i + 1; k < tokens.size() && k <= i + 4 && IsNameWord(tokens[k]); ++k) {
    if (lexicon_.org_cues.count(tokens[k])) return true;
  }
  return false;
}

// An ending that makes the word before it a mention of its own: where
// ("Tokyo-based") or who owns, funds or leads ("Microsoft-owned",
// "Google-backed", "a Stanford-led team").
struct PrefixSuffix {
  std::string_view suffix;
  bool owner;
};

// The ending of `lower`, if it has one of them after a non-empty prefix.
static const PrefixSuffix* PrefixSuffixOf(std::string_view lower) {
  static constexpr PrefixSuffix kSuffixes[] = {{"-based", false}, {"-headquartered", false},
                                               {"-owned", true},  {"-backed", true},
                                               {"-funded", true}, {"-led", true}};
  if (lower.find('-') == std::string_view::npos) return nullptr;
  for (const PrefixSuffix& s : kSuffixes) {
    if (lower.size() > s.suffix.size() && lower.ends_with(s.suffix)) return &s;
  }
  return nullptr;
}

static size_t BasedSuffixLength(std::string_view lower) {
  const PrefixSuffix* s = PrefixSuffixOf(lower);
  return s ? s->suffix.size() : 0;
}

static bool IsOwnerSuffix(std::string_view lower) {
  const PrefixSuffix* s = PrefixSuffixOf(lower);
  return s && s->owner;
}

static bool IsBasedPrefix(const Token& t) { return t.hyphen && BasedSuffixLength(t.lower) > 0; }

// "Allen & Overy", "Procter & Gamble": an ampersand at `k` between names.
bool Recognizer::AmpersandNameAt(const std::vector<Token>& tokens, size_t k) const {
  return k + 1 < tokens.size() && tokens[k].lower == "&"sv && tokens[k + 1].cap &&
         IsNameWord(tokens[k + 1]);
}

void Recognizer::FindShapes(std::string_view text, const std::vector<Token>& tokens,
                            const std::vector<bool>& starts, const DocMemory& memory,
                            std::vector<Candidate>* out) const {
  size_t i = 0;
  bool person_cue = false;
  while (i < tokens.size()) {
    const Token& t = tokens[i];
    auto cue = lexicon_.type_cues.find(t);
    bool role = cue != lexicon_.type_cues.end() && cue->second == EntityType::kPerson;
    // "Tokyo-based Sakana AI": the place is a mention of its own
    // (FindBasedPrefixes), never the start of the name after it.
    // "the 8B model": a size alone names no model ("Llama 3 8B" does).
    bool lone_size =
        t.digit && IsModelVariant(t) && !(i + 1 < tokens.size() && IsNameWord(tokens[i + 1]));
    // "a GPT-2-sized model", "BERT-style": a name made an adjective.
    lone_size = lone_size || (t.hyphen && (IsNameAdjective(t.lower) || IsStopWordCompound(t)));
    if (!IsNameWord(t) || (lexicon_.stop_words.count(t) && !StartsOrgName(tokens, i)) || role ||
        IsBasedPrefix(t) || lone_size ||
        (starts[i] && !t.inner_cap && !t.all_caps && !t.digit &&
         !memory.mid_sentence_caps.count(t.lower) && !lexicon_.first_names.count(t) &&
         !(i + 1 < tokens.size() && IsNameWord(tokens[i + 1])) && !AmpersandNameAt(tokens, i + 1) &&
         !StartsApposition(tokens, i + 1))) {
      person_cue = role;
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool org_seen = lexicon_.org_cues.count(t) > 0;
    bool connected = false;  // an "of" or "for" joined the name
    while (j < tokens.size()) {
      const Token& n = tokens[j];
      if (ColumnGap(text, tokens[j - 1], n)) break;  // "Zephyr-2   80.1": a table's next cell
      auto ncue = lexicon_.type_cues.find(n);
      bool nrole = ncue != lexicon_.type_cues.end() && ncue->second == EntityType::kPerson;
      if (IsNameWord(n) && lexicon_.stop_words.count(n) && lexicon_.org_suffixes.count(n)) {
        // "the Montreal AI institute": after a place and before a lowercase
        // noun the suffix is an adjective's part, not a name's.
        bool lowercase_next = j + 1 < tokens.size() && tokens[j + 1].word && !tokens[j + 1].cap;
        if (lowercase_next) {
          std::optional<int> place =
              gazetteer_.Find(text.substr(tokens[i].begin, tokens[j - 1].end - tokens[i].begin));
          if (place && gazetteer_.entry(*place).type == EntityType::kLocation) break;
        }
        ++j;  // "Credo AI": a suffix that is no name alone ends one
        // "Snowflake AI Research": unless a cue word or suffix follows.
        if (j < tokens.size() && tokens[j].cap &&
            (lexicon_.org_cues.count(tokens[j]) || lexicon_.org_suffixes.count(tokens[j])))
          ++j;
        break;
      }
      // "Northfield University Dana Okafor": a first name after an
      // organization's cue word starts the next name.
      if (org_seen && lexicon_.org_cues.count(tokens[j - 1]) && lexicon_.first_names.count(n)) {
        break;
      }
      // "Department of Biological Systems Engineering": after "of" a field
      // word continues the name even where it is no name alone.
      // So does one an organization's cue word follows ("Knowledge
      // Engineering Group").
      bool field_word =
          (connected || StartsOrgName(tokens, j)) && lexicon_.name_and_words.count(n.lower) > 0;
      if (IsNameWord(n) && (!lexicon_.stop_words.count(n) || field_word) && !nrole &&
          !IsBasedPrefix(n)) {
        org_seen = org_seen || lexicon_.org_cues.count(n);
        ++j;
      } else if (size_t particles = NameParticlesAt(tokens, j);
                 particles > 0 && !org_seen && (lexicon_.first_names.count(t) || j == i + 1)) {
        j += particles;  // "Aaron van den Oord", "Ludwig von Mises", "Oege de Moor"
      } else if (n.word && n.digit && !n.cap &&
                 !(j + 1 < tokens.size() && lexicon_.quantity_words.count(tokens[j + 1].lower))) {
        ++j;  // "Physionet Challenge 2018", "ImageNet 21K", not "Haiku 75.2 percent"
      } else if (n.lower == "&"sv && j + 1 < tokens.size() && tokens[j + 1].cap &&
                 IsNameWord(tokens[j + 1]) && !ColumnGap(text, n, tokens[j + 1])) {
        ++j;  // "LexisNexis Legal & Professional", "Procter & Gamble"
      } else if (org_seen && lexicon_.connectors.count(n) && j + 1 < tokens.size() &&
                 IsNameWord(tokens[j + 1])) {
        ++j;  // "University of Toronto"
        connected = true;
      } else if (connected && n.lower == "and"sv && j + 1 < tokens.size() &&
                 IsNameWord(tokens[j + 1]) && lexicon_.name_and_words.count(tokens[j + 1].lower)) {
        ++j;  // "University of Science and Technology"
      } else {
        break;
      }
    }
    // "Chief Medical Officer": capitalized words between two title words
    // are part of the title, not a name.
    bool inside_title = person_cue && j < tokens.size() && IsPersonRole(tokens[j]);
    if (!inside_title) AddShape(text, tokens, i, j, person_cue, out);
    person_cue = false;
    i = j;
  }
}

// "Seattle-based", "transformer-based", "Microsoft-owned": the prefix is a
// mention of its own. An unknown capitalized prefix is a place ("-based"
// after a name says where), or an organization before "-owned", "-backed".
void Recognizer::FindBasedPrefixes(std::string_view text, const std::vector<Token>& tokens,
                                   std::vector<Candidate>* out) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!t.word || !t.hyphen) continue;  // every suffix starts with '-'
    const size_t suffix = BasedSuffixLength(t.lower);
    if (suffix == 0) continue;
    const uint32_t prefix_end = static_cast<uint32_t>(t.end - suffix);
    // "San Francisco-based": the prefix may start one or two words earlier.
    size_t first = i;
    std::optional<int> known;
    for (size_t back = std::min<size_t>(i, 2); back >= 1 && !known; --back) {
      if (!tokens[i - back].cap) continue;
      known =
          gazetteer_.Find(text.substr(tokens[i - back].begin, prefix_end - tokens[i - back].begin));
      if (known) first = i - back;
    }
    if (!known) known = gazetteer_.Find(text.substr(t.begin, prefix_end - t.begin));
    std::string_view prefix = text.substr(tokens[first].begin, prefix_end - tokens[first].begin);
    if (!known && !t.cap) continue;
    if (known && !gazetteer_.entry(*known).any_case && !t.cap) continue;
    Candidate c;
    c.first = first;
    c.last = i + 1;
    c.mention.span = {tokens[first].begin, prefix_end};
    c.mention.name = known ? gazetteer_.entry(*known).name : std::string(prefix);
    // "DenseNet-121-based": an unknown prefix with a digit names a model, no place.
    bool model_shape =
        std::any_of(prefix.begin(), prefix.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    c.mention.type = known                    ? gazetteer_.entry(*known).type
                     : IsOwnerSuffix(t.lower) ? EntityType::kOrganization
                     : model_shape            ? EntityType::kTechnique
                                              : EntityType::kLocation;
    c.mention.source = known ? MentionSource::kGazetteer : MentionSource::kCue;
    out->push_back(std::move(c));
  }
}

// "an ex-Quora engineer", "ex-Google": a known name after "ex-" is a mention
// of its own.
void Recognizer::FindExPrefixes(std::string_view text, const std::vector<Token>& tokens,
                                std::vector<Candidate>* out) const {
  constexpr uint32_t kEx = 3;  // "ex-"
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!t.hyphen || t.end - t.begin <= kEx || !t.lower.starts_with("ex-")) continue;
    std::optional<int> known = gazetteer_.Find(text.substr(t.begin + kEx, t.end - t.begin - kEx));
    if (!known || gazetteer_.entry(*known).any_case) continue;
    Candidate c;
    c.first = i;
    c.last = i + 1;
    c.mention.span = {t.begin + kEx, t.end};
    c.mention.name = gazetteer_.entry(*known).name;
    c.mention.type = gazetteer_.entry(*known).type;
    c.mention.source = MentionSource::kGazetteer;
    out->push_back(std::move(c));
  }
}

// "the startup X", "retailer X", "X, a library ...", "X said".
void Recognizer::TypeByContext(const std::vector<Token>& tokens, Candidate* c) const {
  auto apply = [&](const std::string& word) {
    auto it = lexicon_.type_cues.find(word);
    if (it == lexicon_.type_cues.end()) return false;
    if (it->second == EntityType::kPerson && c->mention.type != EntityType::kPerson) return false;
    c->mention.type = it->second;
    c->mention.typed = true;
    c->tier = 1;
    return true;
  };
  size_t p = c->first;
  while (p > 0 && (IsWordToken(tokens[p - 1], "called") || IsWordToken(tokens[p - 1], "named") ||
                   IsWordToken(tokens[p - 1], "dubbed")))
    --p;
  if (p > 0 && tokens[p - 1].word && !tokens[p - 1].cap && apply(tokens[p - 1].lower)) return;
  size_t n = c->last;
  // "the Bach Doodle app", "the NTAP program": a head noun after the name.
  if (n < tokens.size() && tokens[n].word && !tokens[n].cap) {
    auto it = lexicon_.type_cues.find(tokens[n]);
    if (it != lexicon_.type_cues.end() && it->second != EntityType::kPerson &&
        apply(tokens[n].lower))
      return;
  }
  if (n < tokens.size() && tokens[n].lower == ","sv) {
    size_t k = n + 1;
    if (k < tokens.size() &&
        (tokens[k].lower == "a"sv || tokens[k].lower == "an"sv || tokens[k].lower == "the"sv)) {
      // The head noun is the last of the run: "a vector database startup
      // based in ..." is a startup, and so is "a San Francisco startup". A
      // preposition or relative word ends it.
      static const std::unordered_set<std::string_view> kRunEnds = {
          "of",    "for",     "from",  "at",    "in",   "on",   "with", "by",   "that",
          "which", "who",     "based", "built", "made", "used", "to",   "and",  "or",
          "whose", "founded", "led",   "the",   "a",    "an",   "its",  "their"};
      // "a reasoning and writing benchmark": "and" between two lowercase
      // adjectives of the run does not end it.
      auto ends_run = [&](size_t m) {
        if (!kRunEnds.count(tokens[m].lower)) return false;
        bool joins_adjectives = tokens[m].lower == "and"sv && m > k + 1 && m + 1 < tokens.size() &&
                                tokens[m - 1].word && !tokens[m - 1].cap &&
                                !lexicon_.type_cues.count(tokens[m - 1]) && tokens[m + 1].word &&
                                !tokens[m + 1].cap && !kRunEnds.count(tokens[m + 1].lower);
        return !joins_adjectives;
      };
      std::optional<std::string> head;
      for (size_t m = k + 1; m < tokens.size() && m <= k + 6 && !ends_run(m); ++m) {
        // "the company's chatbot": the head comes after the possessive.
        bool possessive = tokens[m].lower == "'s"sv || tokens[m].lower == "\u2019s"sv;
        if (possessive) {
          head.reset();
          continue;
        }
        if (!tokens[m].word) break;
        if (!tokens[m].cap && lexicon_.type_cues.count(tokens[m])) {
          head = tokens[m].lower;
          // "a Go program", "a chess program": software, not a programme.
          if ((*head == "program" || *head == "programs") && m > k + 1 &&
              lexicon_.software_program_words.count(tokens[m - 1].lower)) {
            c->mention.type = EntityType::kTechnique;
            c->mention.typed = true;
            c->tier = 1;
            return;
          }
        }
      }
      if (head && apply(*head)) return;
    }
  }
  if (n < tokens.size() && c->mention.type == EntityType::kPerson &&
      (IsWordToken(tokens[n], "said") || IsWordToken(tokens[n], "says") ||
       IsWordToken(tokens[n], "told") || IsWordToken(tokens[n], "and"))) {
    c->mention.typed = true;
    c->tier = 1;
  }
}

std::vector<Mention> Recognizer::Select(std::vector<Candidate> candidates) const {
  // A capitalized name that contains a term ("Discrete Latent Space World
  // Models") is a name of its own: it competes with the term on length.
  for (Candidate& shape : candidates) {
    if (shape.tier != 2) continue;
    bool only_terms_inside = true, any_inside = false;
    for (const Candidate& c : candidates) {
      bool overlaps = c.first < shape.last && shape.first < c.last && &c != &shape;
      if (!overlaps || c.tier == 2) continue;
      any_inside = true;
      only_terms_inside = only_terms_inside && c.term && c.first >= shape.first &&
                          c.last <= shape.last && c.last - c.first < shape.last - shape.first;
    }
    if (any_inside && only_terms_inside) shape.tier = 1;
  }
  // Indexes are sorted, not candidates: each holds a Mention, costly to move.
  std::vector<size_t> order(candidates.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&candidates](size_t x, size_t y) {
    const Candidate& a = candidates[x];
    const Candidate& b = candidates[y];
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.last - a.first != b.last - b.first) return a.last - a.first > b.last - b.first;
    if (a.mention.source != b.mention.source) return a.mention.source < b.mention.source;
    return a.first < b.first;
  });
  std::vector<Mention> chosen;
  std::vector<Span> not_entities;  // spans such names won: taken, but no entity
  auto taken = [&](Span span) {
    auto overlaps = [&](Span other) { return span.begin < other.end && other.begin < span.end; };
    return std::any_of(chosen.begin(), chosen.end(),
                       [&](const Mention& m) { return overlaps(m.span); }) ||
           std::any_of(not_entities.begin(), not_entities.end(), overlaps);
  };
  for (size_t k : order) {
    Candidate& c = candidates[k];
    if (taken(c.mention.span)) continue;
    if (c.not_entity) {
      not_entities.push_back(c.mention.span);
    } else {
      chosen.push_back(std::move(c.mention));
    }
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
  return chosen;
}

// "batch, layer, and instance normalization": each word before the shared
// head names a term of its own when the gazetteer knows "<word> <head>".
void Recognizer::ExpandEllipsis(const std::vector<Token>& tokens,
                                std::vector<Mention>* mentions) const {
  std::vector<Mention> added;
  for (const Mention& m : *mentions) {
    if (m.source != MentionSource::kGazetteer || m.name != m.canonical) continue;
    size_t space = m.name.find(' ');
    if (space == std::string::npos) continue;
    std::string head = m.name.substr(space);
    size_t i = 0;
    while (i < tokens.size() && tokens[i].begin != m.span.begin) ++i;
    if (i < 2 || (tokens[i - 1].lower != "and"sv && tokens[i - 1].lower != "or"sv)) continue;
    size_t k = tokens[i - 2].lower == ","sv ? i - 2 : i - 1;
    while (k >= 1 && tokens[k - 1].word) {
      std::optional<int> entry = gazetteer_.Find(tokens[k - 1].lower + head);
      if (!entry || !gazetteer_.entry(*entry).any_case) break;
      Mention part = m;
      part.span = {tokens[k - 1].begin, tokens[k - 1].end};
      part.name = part.canonical = gazetteer_.entry(*entry).name;
      added.push_back(std::move(part));
      if (k < 3 || tokens[k - 2].lower != ","sv) break;
      k -= 2;
    }
  }
  for (Mention& m : added) {
    bool covered = false;
    for (const Mention& x : *mentions)
      covered = covered || (x.span.begin < m.span.end && m.span.begin < x.span.end);
    if (!covered) mentions->push_back(std::move(m));
  }
  std::sort(mentions->begin(), mentions->end(),
            [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
}

namespace {

// A name that may be another name of the one before it: found by its shape
// or a cue, not known on its own.
bool OnlyShaped(const Mention& m) {
  return m.source == MentionSource::kShape || m.source == MentionSource::kCue ||
         m.source == MentionSource::kPerson;
}

}  // namespace

void Recognizer::Remember(const std::vector<Mention>& mentions, DocMemory* memory) const {
  for (const Mention& m : mentions) {
    if (!m.canonical.empty()) memory->display_names.emplace(m.canonical, m.name);
    if (m.source == MentionSource::kAcronym) {
      memory->single_words.emplace(LowerUtf8(m.aliases.empty() ? m.name : m.aliases.back()), m);
      memory->single_words.emplace(LowerUtf8(m.name), m);
    }
    if (m.type == EntityType::kPerson && m.typed) {
      size_t space = m.name.rfind(' ');
      if (space != std::string::npos)
        memory->single_words.emplace(LowerUtf8(m.name.substr(space + 1)), m);
    }
    if (m.typed && m.source == MentionSource::kCue && m.name.find(' ') == std::string::npos) {
      memory->single_words.emplace(LowerUtf8(m.name), m);
    }
    // "Claude 3 Haiku ... Haiku 75.2 percent": a known model whose last word
    // is a variant ("Haiku", "Sonnet") goes by that word later on.
    if (m.source == MentionSource::kGazetteer && m.type == EntityType::kTechnique && m.typed) {
      size_t space = m.name.rfind(' ');
      if (space != std::string::npos) {
        std::string last = m.name.substr(space + 1);
        bool variant = last.size() >= 4 && std::isupper(static_cast<unsigned char>(last[0])) &&
                       lexicon_.model_variant_words.count(LowerUtf8(last));
        if (variant) memory->single_words.emplace(LowerUtf8(last), m);
      }
    }
    // "Kestrel unveiled Arcturus, an open-source model. Arcturus was ...":
    // a name typed by its context keeps that type where it recurs bare.
    if (m.typed && OnlyShaped(m)) memory->learned_types.emplace(m.name, m.type);
    // "(Politechnika Wrocławska, PWr)": a later "PWr" is the same entity.
    if (m.typed && m.source != MentionSource::kGazetteer && m.source != MentionSource::kReference) {
      for (const std::string& alias : m.aliases) {
        if (alias.find(' ') == std::string::npos) memory->single_words.emplace(LowerUtf8(alias), m);
      }
    }
  }
}

std::vector<Mention> Recognizer::Recognize(std::string_view text, Span sentence,
                                           const std::vector<Token>& tokens,
                                           DocMemory* memory) const {
  std::vector<Candidate> candidates;
  FindAcronyms(text, tokens, &candidates);
  FindShortFor(text, tokens, &candidates);
  FindGazetteer(text, tokens, *memory, &candidates);
  FindRemembered(tokens, *memory, &candidates);
  if (!IsHeading(text, sentence, tokens)) {
    FindShapes(text, tokens, SentenceStarts(tokens), *memory, &candidates);
  }
  FindBasedPrefixes(text, tokens, &candidates);
  FindExPrefixes(text, tokens, &candidates);
  std::vector<Mention> mentions = Select(std::move(candidates));
  ExpandEllipsis(tokens, &mentions);
  MergeBracketedNames(text, &mentions);
  ResolveSurnamesInSentence(tokens, &mentions);
  for (Mention& m : mentions) {
    auto learned = memory->learned_types.find(m.name);
    if (!m.typed && learned != memory->learned_types.end()) {
      m.type = learned->second;
      m.typed = true;
    }
  }
  Remember(mentions, memory);
  return mentions;
}

// "Its authors include Sergey Levine and Chelsea Finn; Levine is also a
// professor ...": a bare surname after a person named in full in the same
// sentence is that person (the article's memory only knows earlier
// sentences). A bare word no other name covers becomes a mention; a
// one-word person or untyped name becomes the full one.
void Recognizer::ResolveSurnamesInSentence(const std::vector<Token>& tokens,
                                           std::vector<Mention>* mentions) const {
  std::vector<std::pair<std::string, Mention>> people;  // lowercase surname, person
  for (const Mention& m : *mentions) {
    size_t space = m.name.rfind(' ');
    if (m.type == EntityType::kPerson && m.typed && space != std::string::npos)
      people.emplace_back(LowerUtf8(std::string_view(m.name).substr(space + 1)), m);
  }
  if (people.empty()) return;
  auto full_name_before = [&](const Token& t) -> const Mention* {
    for (const auto& [surname, person] : people) {
      if (person.span.end <= t.begin && surname == t.lower) return &person;
    }
    return nullptr;
  };
  std::vector<Mention> added;
  for (const Token& t : tokens) {
    if (!t.cap || !t.word) continue;
    const Mention* person = full_name_before(t);
    if (person == nullptr) continue;
    auto covering = std::find_if(mentions->begin(), mentions->end(), [&](const Mention& m) {
      return m.span.begin < t.end && t.begin < m.span.end;
    });
    bool bare = covering == mentions->end();
    bool same_word = !bare && covering->span.begin == t.begin && covering->span.end == t.end &&
                     (covering->type == EntityType::kPerson || !covering->typed);
    if (!bare && !same_word) continue;
    Mention resolved = *person;
    resolved.span = {t.begin, t.end};
    resolved.source = MentionSource::kMemory;
    if (same_word) {
      *covering = std::move(resolved);
    } else {
      added.push_back(std::move(resolved));
    }
  }
  for (Mention& m : added) mentions->push_back(std::move(m));
  std::stable_sort(mentions->begin(), mentions->end(),
                   [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
}

// "the Ministry of Digital Affairs (Ministerstwo Cyfryzacji)", "the NASK
// National Research Institute (NASK PIB)", "(Politechnika Wrocławska, PWr)":
// names in brackets right after a typed name are other names of it, when
// they name nothing known or the same gazetteer entry. The
// first mention grows over the brackets and takes them as aliases, so rules
// see one name.
void Recognizer::MergeBracketedNames(std::string_view text, std::vector<Mention>* mentions) const {
  // Most sentences have no name in brackets after another: nothing moves.
  bool bracketed = false;
  for (size_t i = 0; i + 1 < mentions->size() && !bracketed; ++i) {
    const Mention& m = (*mentions)[i];
    bracketed =
        (*mentions)[i + 1].span.begin == m.span.end + 2 && text.substr(m.span.end, 2) == " (";
  }
  if (!bracketed) return;
  std::vector<Mention> out;
  for (size_t i = 0; i < mentions->size(); ++i) {
    Mention m = std::move((*mentions)[i]);
    size_t j = i + 1;
    // A person's brackets hold an affiliation ("Dana Okafor (Kestrel Labs)").
    bool typed_name =
        m.typed && m.source != MentionSource::kReference && m.type != EntityType::kPerson;
    if (typed_name && j < mentions->size() &&
        text.substr(m.span.end, (*mentions)[j].span.begin - m.span.end) == " (") {
      std::vector<std::string> names;
      uint32_t end = m.span.end;
      // "the Allen Institute for AI (AI2)": a known name's own other name.
      auto other_name = [&m](const Mention& n) {
        return OnlyShaped(n) || (!m.canonical.empty() && n.canonical == m.canonical);
      };
      for (; j < mentions->size() && other_name((*mentions)[j]); ++j) {
        const Mention& n = (*mentions)[j];
        if (n.typed && n.type != m.type) break;
        names.emplace_back(text.substr(n.span.begin, n.span.end - n.span.begin));
        std::string_view after = text.substr(n.span.end, 2);
        if (after.starts_with(")")) {
          end = n.span.end + 1;
          break;
        }
        if (after != ", " || j + 1 >= mentions->size() ||
            (*mentions)[j + 1].span.begin != n.span.end + 2)
          break;
      }
      if (end > m.span.end) {
        m.span.end = end;
        for (std::string& name : names) m.aliases.push_back(std::move(name));
        out.push_back(std::move(m));
        i = j;
        continue;
      }
    }
    out.push_back(std::move(m));
  }
  *mentions = std::move(out);
}

namespace {

// The last mention that `fits` before `span` in this sentence, else the last
// in the latest sentence before that has one.
template <typename Fits>
const Mention* LatestFitting(const std::vector<Mention>& here, Span span,
                             const std::vector<const std::vector<Mention>*>& previous, Fits fits) {
  const Mention* found = nullptr;
  for (const Mention& m : here) {
    if (m.span.end <= span.begin && fits(m)) found = &m;
  }
  for (auto p = previous.rbegin(); found == nullptr && p != previous.rend(); ++p) {
    for (const Mention& m : **p) {
      if (fits(m)) found = &m;
    }
  }
  return found;
}

// A name "the model" or "the company" can mean: capitalized, as terms
// ("transformer") are not; a company may start lowercase if a capital
// follows ("xAI", "iFlytek").
bool Refers(const Mention& m, EntityType type) {
  if (m.type != type || !m.typed || m.source == MentionSource::kReference) return false;
  if (StartsUpper(m.name)) return true;
  return type == EntityType::kOrganization &&
         std::any_of(m.name.begin(), m.name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The referent of "the company" in an earlier sentence: that sentence's
// subject (its first mention) when it fits, as "Figure AI raised money from
// Microsoft and Nvidia. The company is building ..." reads; else the last
// fitting mention.
template <typename Fits>
std::vector<const Mention*> SubjectOrLast(const std::vector<Mention>& sentence, const Fits& fits) {
  if (!sentence.empty() && fits(sentence.front())) return {&sentence.front()};
  // "It outperformed Gemma 7B on MMLU. The model uses ...": a subject named
  // by a reference is still the subject, not the name after it.
  if (!sentence.empty() && sentence.front().source == MentionSource::kReference) {
    Mention named = sentence.front();
    named.source = MentionSource::kShape;
    if (fits(named)) return {&sentence.front()};
  }
  std::vector<const Mention*> found;
  for (const Mention& m : sentence) {
    if (fits(m)) found = {&m};
  }
  return found;
}

// A sentence that opens with "It" ("It was trained on C4.") continues the
// previous sentence's subject when that is a model or an organization. A
// previous sentence that opens with a reference ("The company said it ...")
// names no new subject, so the one before it is asked.
// When "It" does what models do ("It outperformed SimCLR") and that subject
// is an organization, "It" is the model the organization's sentence names
// last ("Last week the Facebook group posted MoCo v2, ...").
// Whether `m` is where its sentence's subject stands: among the first words
// of the sentence or of a labelled line ("How it works: Google ..."). In "The
// two previously worked together at Nervana" the first name is no subject.
bool OpensSentence(std::string_view text, const Mention& m) {
  constexpr int kMaxWordsBefore = 4;
  int words = 0;
  bool in_word = false;
  for (size_t i = m.span.begin; i > 0; --i) {
    char c = text[i - 1];
    if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':') break;
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word && ++words > kMaxWordsBefore) return false;
    in_word = !space;
  }
  return true;
}

// "Applied to GPT-3, LoRA cut ...", "Like o1, o3 was trained ...": a
// sentence's first name after a preposition, set off by a comma with the
// next name right after it, is no subject; the next name is.
const Mention& SubjectAfterOpening(std::string_view text, const std::vector<Mention>& sentence) {
  const Mention& first = sentence.front();
  if (sentence.size() < 2 || sentence[1].span.begin != first.span.end + 2 ||
      text.substr(first.span.end, 2) != ", ")
    return first;
  static constexpr std::string_view kPrepositions[] = {
      "to ",   "with ", "on ",   "from ",   "by ",   "like ", "unlike ", "against ",
      "than ", "of ",   "Like ", "Unlike ", "With ", "On ",   "Against "};
  size_t line = text.find_last_of(".!?:\n", first.span.begin);
  line = line == std::string_view::npos ? 0 : line + 1;
  std::string_view before = text.substr(line, first.span.begin - line);
  bool after_preposition =
      std::any_of(std::begin(kPrepositions), std::end(kPrepositions),
                  [before](std::string_view p) { return before.ends_with(p); });
  return after_preposition ? sentence[1] : first;
}

const Mention* ItReferent(std::string_view text,
                          const std::vector<const std::vector<Mention>*>& previous,
                          bool model_verb) {
  for (auto p = previous.rbegin(); p != previous.rend(); ++p) {
    if ((*p)->empty()) return nullptr;
    const Mention& subject = SubjectAfterOpening(text, **p);
    if (!OpensSentence(text, subject)) continue;
    // "The team's approach beat R3M. It also beat MVP.": a model named by a
    // reference is still the subject; a company may be a guess, so ask further back.
    if (subject.source == MentionSource::kReference) {
      if (subject.type == EntityType::kTechnique) return &subject;
      continue;
    }
    if (model_verb && Refers(subject, EntityType::kOrganization)) {
      const Mention* model = nullptr;
      for (const Mention& m : **p) {
        if (Refers(m, EntityType::kTechnique)) model = &m;
      }
      if (model != nullptr) return model;
    }
    bool fits =
        Refers(subject, EntityType::kTechnique) || Refers(subject, EntityType::kOrganization);
    return fits ? &subject : nullptr;
  }
  return nullptr;
}

// The person of the latest of the sentences before that names one, by name
// or by pronoun; the first such if it names several.
const Mention* PersonReferent(const std::vector<const std::vector<Mention>*>& previous) {
  for (auto p = previous.rbegin(); p != previous.rend(); ++p) {
    for (const Mention& m : **p) {
      if (m.type == EntityType::kPerson && (m.typed || m.source == MentionSource::kReference))
        return &m;
    }
  }
  return nullptr;
}

bool NameStartsAt(const std::vector<Mention>& mentions, const Token& t) {
  for (const Mention& m : mentions) {
    if (m.span.begin <= t.begin && t.begin < m.span.end) return true;
  }
  return false;
}

bool NameFollows(const std::vector<Mention>& mentions, const Token& last) {
  for (const Mention& m : mentions) {
    if (m.span.begin == last.end + 1) return true;
  }
  return false;
}

// "the Tokyo-based startup", "the Paris startup": a place between "the" at
// `the` and the reference noun at `noun`.
bool PlaceBefore(const std::vector<Mention>& mentions, const std::vector<Token>& tokens, size_t the,
                 size_t noun) {
  if (IsBasedPrefix(tokens[noun - 1])) return true;
  return std::any_of(mentions.begin(), mentions.end(), [&](const Mention& m) {
    return m.type == EntityType::kLocation && m.span.begin >= tokens[the].end &&
           m.span.end <= tokens[noun].begin;
  });
}

// "The Redmond, Washington-based company" after a sentence about the "San
// Francisco-based" OpenAI is not OpenAI: when the article has placed the
// chosen referent elsewhere and not in the phrase's place, the
// organization named last before it that the article placed there, or else
// the last it has not placed at all, is meant.
const Mention* PlacedReferent(const Mention* chosen, uint32_t from, uint32_t to,
                              const std::vector<Mention>& here,
                              const std::vector<const std::vector<Mention>*>& previous,
                              const ArticleSubjects& subjects) {
  if (subjects.org_places == nullptr || chosen == nullptr) return chosen;
  std::vector<std::string_view> places;
  for (const Mention& m : here) {
    if (m.type == EntityType::kLocation && m.span.begin >= from && m.span.end <= to)
      places.push_back(m.name);
  }
  if (places.empty()) return chosen;
  enum class Placed { kThere, kElsewhere, kNowhere };
  auto placed = [&](const Mention& m) {
    auto it = subjects.org_places->find(m.name);
    if (it == subjects.org_places->end()) return Placed::kNowhere;
    for (std::string_view p : places) {
      if (std::find(it->second.begin(), it->second.end(), p) != it->second.end())
        return Placed::kThere;
    }
    return Placed::kElsewhere;
  };
  if (placed(*chosen) != Placed::kElsewhere) return chosen;
  // The latest organization placed there, else the latest not placed at all.
  const Mention* found = nullptr;
  const Mention* unplaced = nullptr;
  auto consider = [&](const Mention& m) {
    if (m.type != EntityType::kOrganization || !m.typed || m.source == MentionSource::kReference ||
        m.name == chosen->name)
      return;
    Placed where = placed(m);
    if (where == Placed::kThere) found = &m;
    if (where == Placed::kNowhere) unplaced = &m;
  };
  for (const Mention& m : here) {
    if (m.span.end <= from) consider(m);
  }
  for (auto p = previous.rbegin(); found == nullptr && unplaced == nullptr && p != previous.rend();
       ++p) {
    for (const Mention& m : **p) consider(m);
  }
  if (found != nullptr) return found;
  return unplaced != nullptr ? unplaced : chosen;
}

// "the resulting model, Tulu 3 405B, outperformed ...": a name set off by
// commas right after the phrase is what the phrase stands for.
bool NamedInApposition(const std::vector<Mention>& mentions, const std::vector<Token>& tokens,
                       size_t noun) {
  if (noun + 2 >= tokens.size() || tokens[noun + 1].lower != ","sv) return false;
  return std::any_of(mentions.begin(), mentions.end(), [&](const Mention& m) {
    return m.span.begin == tokens[noun + 2].begin && m.source != MentionSource::kReference;
  });
}

// "01.AI, the company founded by ...": the phrase after a comma is an
// apposition of the name before the comma, which the rules read as such.
// A name of another kind ("Zephyr-2, the company said") is not.
bool NameBeforeComma(const std::vector<Mention>& mentions, const std::vector<Token>& tokens,
                     size_t the, EntityType type) {
  if (the < 2 || tokens[the - 1].lower != ","sv) return false;
  return std::any_of(mentions.begin(), mentions.end(), [&](const Mention& m) {
    return m.span.end == tokens[the - 2].end && m.source != MentionSource::kReference &&
           (m.type == type || !m.typed);
  });
}

// "April 16 (Reuters) - Nvidia said ...": the news agency of a dateline
// reports the story and is no referent of "the company".
bool DatelineAgency(std::string_view text, const Mention& m) {
  if (m.span.begin == 0 || text[m.span.begin - 1] != '(') return false;
  std::string_view after = text.substr(m.span.end, 6);
  return after.starts_with(") -") || after.starts_with(") \xE2\x80\x94") ||
         after.starts_with(") \xE2\x80\x93");
}

}  // namespace

// "started Safe Superintelligence", "co-founded Kestrel Labs": a name right
// after a verb of founding.
bool JustFounded(std::string_view text, const Mention& m) {
  static constexpr std::string_view kVerbs[] = {" founded ", " co-founded ", " cofounded ",
                                                " started ", " launched ",   " formed ",
                                                " set up "};
  std::string_view before = text.substr(0, m.span.begin);
  return std::any_of(std::begin(kVerbs), std::end(kVerbs),
                     [&](std::string_view v) { return before.ends_with(v); });
}

// Where the investors a sentence names start: the end of its first investor
// cue (lexicon investor_cues, ASCII letters in any case; `sentence` is its
// mentions): "The round was led by Sequoia, with participation from Accel",
// "Backers included Andreessen Horowitz". npos if it has none.
size_t InvestorsFrom(std::string_view text, const std::vector<Mention>& sentence,
                     const std::vector<std::string>& cues) {
  if (cues.empty() || sentence.empty()) return std::string_view::npos;
  size_t start = text.find_last_of(".!?\n", sentence.front().span.begin);
  start = start == std::string_view::npos ? 0 : start + 1;
  if (sentence.back().span.begin <= start) return std::string_view::npos;
  std::string_view said = text.substr(start, sentence.back().span.begin - start);
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
  };
  size_t from = std::string_view::npos;
  for (const std::string& cue : cues) {
    auto at = std::search(said.begin(), said.end(), cue.begin(), cue.end(), same);
    if (at != said.end())
      from = std::min(from, start + static_cast<size_t>(at - said.begin()) + cue.size());
  }
  return from;
}

// Every fitting name a sentence names, once each.
std::vector<const Mention*> AllNamed(const std::vector<Mention>& mentions, EntityType type) {
  std::vector<const Mention*> found;
  for (const Mention& m : mentions) {
    bool seen = std::any_of(found.begin(), found.end(),
                            [&](const Mention* f) { return f->name == m.name; });
    if (Refers(m, type) && !seen) found.push_back(&m);
  }
  return found;
}

// The last coordinated list of fitting names in a sentence: "A, B, and C".
std::vector<const Mention*> LastList(std::string_view text, const std::vector<Mention>& mentions,
                                     EntityType type) {
  std::vector<const Mention*> list, last;
  for (const Mention& m : mentions) {
    if (!Refers(m, type)) continue;
    if (!list.empty()) {
      std::string gap =
          LowerUtf8(text.substr(list.back()->span.end, m.span.begin - list.back()->span.end));
      bool joined =
          gap == ", " || gap == " and " || gap == ", and " || gap == " or " || gap == ", or ";
      if (!joined) {
        if (list.size() >= 2) last = list;
        list.clear();
      }
    }
    list.push_back(&m);
  }
  return list.size() >= 2 ? list : last;
}

// The referents of "the company" (the last fitting name, in this sentence
// before the phrase or in the sentences before) or of "the models" (every
// fitting name of the latest sentence that has two or more).
std::vector<const Mention*> Recognizer::Referents(
    std::string_view text, const std::string& phrase, Span span, const std::vector<Mention>& here,
    const std::vector<const std::vector<Mention>*>& previous, const Mention* topic_company) const {
  std::vector<const Mention*> found;
  if (auto it = lexicon_.references.find(phrase); it != lexicon_.references.end()) {
    // "the company" is no university or ministry: "Karen studied at the
    // University of Oxford. The company's chatbot ..." is not Oxford's.
    bool business = lexicon_.business_references.count(phrase) > 0;
    // "the university" is one: "... co-founded Anyscale, advises it from the
    // university's lab" is not Anyscale's lab.
    bool institution = lexicon_.institution_references.count(phrase) > 0;
    auto fits = [&](const Mention& m) {
      if (!Refers(m, it->second) || DatelineAgency(text, m)) return false;
      if (business && NamesInstitution(m.name)) return false;
      return !institution || NamesInstitution(m.name);
    };
    for (const Mention& m : here) {
      if (m.span.end <= span.begin && fits(m)) found = {&m};
    }
    // "Sutskever ... started Safe Superintelligence. His co-founders are ...
    // The company has offices in ...": a company the sentences before say
    // someone founded is the one a business reference means.
    for (auto p = previous.rbegin(); business && found.empty() && p != previous.rend(); ++p) {
      for (const Mention& m : **p) {
        if (fits(m) && JustFounded(text, m)) found = {&m};
      }
    }
    for (auto p = previous.rbegin(); found.empty() && p != previous.rend(); ++p) {
      // A sentence about someone else ("Karen was a researcher at DeepMind.")
      // does not make its last company the one an article is about. Nor do
      // its investors ("Backers included Andreessen Horowitz.").
      const std::vector<Mention>& before = **p;
      size_t investors =
          business ? InvestorsFrom(text, before, lexicon_.investor_cues) : std::string_view::npos;
      auto fits_here = [&](const Mention& m) { return fits(m) && m.span.begin < investors; };
      bool subject_fits = !before.empty() && fits_here(before.front());
      if (business && topic_company != nullptr && !subject_fits &&
          std::any_of(before.begin(), before.end(), fits_here)) {
        found = {topic_company};
      } else {
        found = SubjectOrLast(before, fits_here);
      }
    }
    // No company named lately: "the company" is the one the article is about.
    if (found.empty() && business && topic_company != nullptr) found = {topic_company};
    // "... the Department for Science, Innovation and Technology. In May the
    // institute open-sourced Inspect": the phrase's noun in a name picks that
    // name over one named later.
    if (found.size() == 1 && institution && !NameHasWord(found.front()->name, phrase)) {
      auto named = [&](const Mention& m) { return fits(m) && NameHasWord(m.name, phrase); };
      if (const Mention* latest = LatestFitting(here, span, previous, named)) found = {latest};
    }
  } else if (auto pl = lexicon_.plural_references.find(phrase);
             pl != lexicon_.plural_references.end()) {
    // "Lample and Lacroix ... were among the researchers who built LLaMA":
    // the people this sentence named before the phrase, if two or more.
    if (pl->second == EntityType::kPerson) {
      for (const Mention& m : here) {
        bool person =
            m.type == EntityType::kPerson && (m.typed || m.source == MentionSource::kReference);
        bool seen = std::any_of(found.begin(), found.end(),
                                [&](const Mention* f) { return f->name == m.name; });
        if (m.span.end <= span.begin && person && !seen) found.push_back(&m);
      }
      if (found.size() >= 2) return found;
      found.clear();
    }
    for (auto p = previous.rbegin(); found.size() < 2 && p != previous.rend(); ++p) {
      // "Authors: A and B (O); C (O2). The authors propose ...": every
      // person named; other kinds only as one list ("A, B and C").
      found = pl->second == EntityType::kPerson ? AllNamed(**p, EntityType::kPerson)
                                                : LastList(text, **p, pl->second);
    }
    if (found.size() < 2) found.clear();
  }
  return found;
}

void Recognizer::NoteSectionHeading(std::string_view text, Span sentence,
                                    const std::vector<Token>& tokens,
                                    const std::vector<Mention>& mentions, DocMemory* memory) const {
  auto company = std::find_if(mentions.begin(), mentions.end(), [&](const Mention& m) {
    return m.type == EntityType::kOrganization && m.typed &&
           m.source != MentionSource::kReference && !NamesInstitution(m.name);
  });
  // IsHeading() is asked only of lines that name a company or are long
  // enough for a headline.
  constexpr long kMinHeadlineWords = 3;
  long words = std::count_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.word; });
  bool headline = words >= kMinHeadlineWords;
  if ((company == mentions.end() && !headline) || !IsHeading(text, sentence, tokens)) return;
  if (headline) {
    memory->topic_technique = Mention{};
    memory->technique_mentions.clear();
  }
  if (company == mentions.end()) return;
  memory->company_mentions.clear();
  memory->topic_company = *company;
}

void Recognizer::CountCompanies(const std::vector<Mention>& mentions, DocMemory* memory) const {
  auto count = [memory](DocMemory::Named* company) {
    int n = ++company->count;
    if (n >= 2 && (memory->topic_company.name.empty() ||
                   n > memory->company_mentions[memory->topic_company.name].count))
      memory->topic_company = company->mention;
  };
  for (const Mention& m : mentions) {
    if (Refers(m, EntityType::kOrganization)) {
      // Tokenizing a name once per article, not once per mention: -1 marks an institution.
      auto [seen, first] = memory->company_mentions.try_emplace(m.name);
      if (first) {
        seen->second.mention = m;
        if (NamesInstitution(m.name)) seen->second.count = -1;
      }
      if (seen->second.count >= 0) count(&seen->second);
    } else if (Refers(m, EntityType::kTechnique)) {
      // "DeepSeek released DeepSeek-R1 ... the company's DeepSeek-V3", "Mistral
      // AI ... Mistral Large": a model named after a company already named
      // speaks of that company too. Its first word must name one company only.
      std::string_view model_word = std::string_view(m.name).substr(0, m.name.find_first_of(" -"));
      DocMemory::Named* namesake = nullptr;
      int namesakes = 0;
      for (auto& [name, company] : memory->company_mentions) {
        if (company.count >= 0 && model_word.size() < m.name.size() &&
            std::string_view(name).substr(0, name.find(' ')) == model_word) {
          namesake = &company;
          ++namesakes;
        }
      }
      if (namesakes != 1) namesake = nullptr;
      if (namesake != nullptr) {
        count(namesake);
        RememberModelTail(m, memory);
      }
    }
  }
}

// "Snowflake Arctic", named after its company: "Arctic" alone names it
// from here on. One capitalized word of three letters or more, with a
// lowercase letter, that is no stop word ("Snowflake AI", "OpenAI Five").
void Recognizer::RememberModelTail(const Mention& model, DocMemory* memory) const {
  size_t space = model.name.find(' ');
  if (space == std::string::npos || model.source == MentionSource::kReference) return;
  std::string_view tail = std::string_view(model.name).substr(space + 1);
  bool one_word = tail.size() >= 3 && tail.find_first_of(" -") == std::string_view::npos;
  bool capitalized =
      one_word && tail[0] >= 'A' && tail[0] <= 'Z' &&
      std::any_of(tail.begin(), tail.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      std::none_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::string lower = LowerUtf8(tail);
  if (!capitalized || lexicon_.stop_words.contains(lower) ||
      lexicon_.model_variant_words.count(lower))
    return;
  memory->model_tails.emplace(std::move(lower), model);
}

// Whether `name` has the last word of `phrase` ("the institute") as a word.
bool Recognizer::NameHasWord(std::string_view name, std::string_view phrase) const {
  std::string_view noun = phrase.substr(phrase.rfind(' ') + 1);
  for (const Token& t : Tokenize(name, 0, lexicon_.abbreviations)) {
    if (t.lower == noun) return true;
  }
  return false;
}

// "University of Oxford", "Ministry of Digital Affairs": a name with a word
// of `institution_words`.
bool Recognizer::NamesInstitution(std::string_view name) const {
  for (const Token& t : Tokenize(name, 0, lexicon_.abbreviations)) {
    if (t.cap && lexicon_.institution_words.count(t.lower)) return true;
  }
  return false;
}

// "Posted by the Ai2 Communications Team", "OpenAI Research | Release": the
// organization is Ai2 or OpenAI, not its department.
void Recognizer::DropDepartment(Mention* author) const {
  size_t last_space = author->name.rfind(' ');
  if (last_space == std::string::npos ||
      !lexicon_.author_departments.count(LowerUtf8(author->name.substr(last_space + 1))))
    return;
  if (gazetteer_.Find(author->name)) return;  // "Microsoft Research" is a lab of its own
  std::optional<int> known = gazetteer_.Find(author->name.substr(0, last_space));
  if (!known || gazetteer_.entry(*known).type != EntityType::kOrganization) return;
  author->name = author->canonical = gazetteer_.entry(*known).name;
}

namespace {

// The line around `span`, without markup around its words ("*By ... -
// July 2021*"): what comes before the span and what comes after it.
std::pair<std::string_view, std::string_view> LineAround(std::string_view text, Span span) {
  size_t start = text.rfind('\n', span.begin);
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t end = text.find('\n', span.end);
  if (end == std::string_view::npos) end = text.size();
  constexpr std::string_view kMarkup = " \t*_#>-";
  std::string_view before = text.substr(start, span.begin - start);
  std::string_view after = text.substr(span.end, end - span.end);
  before.remove_prefix(std::min(before.size(), before.find_first_not_of(kMarkup)));
  after.remove_suffix(after.size() - std::min(after.size(), after.find_last_not_of(kMarkup) + 1));
  return {before, after};
}

// A masthead, title or byline names the organization that speaks as "we":
// "OpenAI Research | Release", "Introducing Segment Anything | Meta AI",
// "By the AlphaFold team at DeepMind", "By Dana Okafor and Lior Weiss,
// Kestrel Labs", "From the BigScience workshop".
bool NamesPublisher(std::string_view text, const Mention& m) {
  auto [before, after] = LineAround(text, m.span);
  auto trimmed = [](std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '*' || s.back() == '_'))
      s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '*' || s.front() == '_'))
      s.remove_prefix(1);
    return s;
  };
  std::string_view rest = trimmed(after);
  if (before.empty() && rest.starts_with("|")) return true;
  std::string_view lead = trimmed(before);
  if (rest.empty() &&
      (lead.ends_with("|") || lead.ends_with(" -") || lead.ends_with("\xE2\x80\x94")))
    return true;
  std::string opening = LowerUtf8(before.substr(0, 12));
  return opening.starts_with("by ") || opening.starts_with("posted by ") ||
         opening.starts_with("written by ") || opening.starts_with("from the ");
}

}  // namespace

std::optional<Mention> Recognizer::FindAuthor(std::string_view text,
                                              const std::vector<Mention>& mentions) const {
  for (const Mention& m : mentions) {
    if (m.typed && m.type == EntityType::kOrganization && m.source != MentionSource::kReference &&
        NamesPublisher(text, m)) {
      Mention author = m;
      DropDepartment(&author);
      return author;
    }
    // An untyped name is typed by the suffix: a blog or a team is an organization's.
    if ((m.typed && m.type != EntityType::kOrganization) || m.source == MentionSource::kReference)
      continue;
    std::string after = LowerUtf8(text.substr(m.span.end, 32));
    for (const std::string& suffix : lexicon_.author_suffixes) {
      if (after.size() > suffix.size() && after[0] == ' ' &&
          std::string_view(after).substr(1).starts_with(suffix) &&
          !IsWordByte(after[1 + suffix.size()])) {
        Mention author = m;
        author.type = EntityType::kOrganization;
        author.typed = true;
        DropDepartment(&author);
        return author;
      }
    }
  }
  return std::nullopt;
}

namespace {

// A mention of `referent` at `span`, made by a reference ("the company", "it").
Mention ReferenceTo(const Mention& referent, Span span) {
  Mention m = referent;
  m.span = span;
  m.source = MentionSource::kReference;
  return m;
}

// The latest model before `span`, in this sentence or the ones before,
// whose name ends with `size` ("Aurelia-8B" for "the 8B model").
std::vector<const Mention*> SizedReferent(
    std::string_view size, Span span, const std::vector<Mention>& here,
    const std::vector<const std::vector<Mention>*>& previous) {
  auto fits = [&](const Mention& m) {
    return Refers(m, EntityType::kTechnique) && LowerUtf8(m.name).ends_with(size);
  };
  const Mention* found = LatestFitting(here, span, previous, fits);
  if (found == nullptr) return {};
  return {found};
}

const Mention* ObjectItReferent(const std::vector<Mention>& here, const Token& it,
                                const std::vector<const std::vector<Mention>*>& previous) {
  const Mention* found = nullptr;
  for (const Mention& m : here) {
    if (m.span.end <= it.begin && Refers(m, EntityType::kTechnique)) found = &m;
  }
  for (auto p = previous.rbegin(); found == nullptr && p != previous.rend(); ++p) {
    for (const Mention& m : **p) {
      if (Refers(m, EntityType::kTechnique)) {
        found = &m;
        break;
      }
    }
  }
  return found;
}

}  // namespace

// The noun of "the new video model" after the "the" at `the`: a technique's
// reference noun ("model", "models") after one or two of
// model_reference_adjectives; or 0.
size_t Recognizer::ModelReferenceNoun(const std::vector<Token>& tokens, size_t the) const {
  constexpr size_t kMaxAdjectives = 2;
  size_t k = the + 1;
  // "the 7.3-billion-parameter model": a size is an adjective of models.
  auto size = [](const Token& t) { return t.digit && t.lower.ends_with("-parameter"); };
  while (k < tokens.size() && k <= the + kMaxAdjectives &&
         (lexicon_.model_reference_adjectives.count(tokens[k].lower) || size(tokens[k])))
    ++k;
  if (k == the + 1 || k >= tokens.size()) return 0;
  return NamesTechnique("the " + tokens[k].lower) ? k : 0;
}

// "the model", "the models": a reference (lexicon references or
// plural_references) to techniques.
bool Recognizer::NamesTechnique(const std::string& phrase) const {
  auto one = lexicon_.references.find(phrase);
  auto many = lexicon_.plural_references.find(phrase);
  return (one != lexicon_.references.end() && one->second == EntityType::kTechnique) ||
         (many != lexicon_.plural_references.end() && many->second == EntityType::kTechnique);
}

// The noun of "the cloud data company" after the "the" at `the`: the first
// of the next four words that is a business noun (business_references), when
// the words before it are no names and none of non_referring_adjectives
// ("the same company" is another one); else the word right after "the".
size_t Recognizer::ReferenceNoun(const std::vector<Token>& tokens, size_t the,
                                 const std::vector<Mention>& mentions) const {
  if (size_t model = ModelReferenceNoun(tokens, the); model > 0) return model;
  constexpr size_t kMaxAdjectives = 3;
  // "the San Francisco-based startup", "the Menlo Park, California-based
  // company": a place before "-based" is no name of the referent.
  constexpr size_t kMaxWithPlace = 7;
  bool place = false;
  for (size_t k = the + 1; k < tokens.size() && k <= the + 1 + kMaxWithPlace; ++k) {
    const Token& t = tokens[k];
    if (!place && k > the + 1 + kMaxAdjectives) break;
    if (!t.word && !(place && t.lower == ","sv)) break;
    if (k > the + 1 && lexicon_.business_references.count("the " + t.lower)) return k;
    if (lexicon_.non_referring_adjectives.count(t.lower)) break;
    auto named = std::find_if(mentions.begin(), mentions.end(), [&t](const Mention& m) {
      return m.span.begin < t.end && t.begin < m.span.end;
    });
    if (named == mentions.end()) continue;
    if (named->type != EntityType::kLocation) break;
    place = true;
  }
  return the + 1;
}

// Where "their model", "the team's new approach" or "the proposed method"
// starting at token `i` ends (its noun's index), or 0 when none starts there.
size_t Recognizer::TopicPhraseNoun(const std::vector<Token>& tokens, size_t i) const {
  auto same = [](const std::string& lower, const std::string& word) {
    if (lower.find('\xE2') == std::string::npos) return lower == word;
    return StraightApostrophes(lower) == word;
  };
  // Owners start with a plain word ("their", "the"): most tokens end here.
  if (!lexicon_.topic_owner_starts.contains(tokens[i])) return 0;
  for (const std::vector<std::string>& owner : lexicon_.topic_owners) {
    if (!same(tokens[i].lower, owner.front())) continue;
    size_t k = i;
    for (const std::string& word : owner) {
      if (k >= tokens.size() || !same(tokens[k].lower, word)) break;
      ++k;
    }
    if (k - i != owner.size()) continue;
    if (k < tokens.size() && lexicon_.topic_adjectives.count(tokens[k].lower)) ++k;
    if (k < tokens.size() && (lexicon_.topic_nouns.count(tokens[k].lower) ||
                              lexicon_.component_nouns.count(tokens[k].lower)))
      return k;
  }
  // "The decoder uses multi-query attention", "the speech encoder is ...":
  // a part named without its owner is a part of the article's model.
  if (tokens[i].lower != "the"sv) return 0;
  size_t k = i + 1;
  if (k < tokens.size() && lexicon_.component_adjectives.count(tokens[k].lower)) ++k;
  // "the text encoder from CLIP" is CLIP's.
  bool owned =
      k + 1 < tokens.size() && (tokens[k + 1].lower == "of"sv || tokens[k + 1].lower == "from"sv ||
                                tokens[k + 1].lower == "in"sv || tokens[k + 1].lower == "'s"sv);
  bool part = k < tokens.size() && lexicon_.component_nouns.count(tokens[k].lower) && !owned;
  return part ? k : 0;
}

void Recognizer::AddReferences(std::string_view text, const std::vector<Token>& tokens,
                               const std::vector<const std::vector<Mention>*>& previous,
                               const ArticleSubjects& subjects,
                               std::vector<Mention>* mentions) const {
  const Mention* author = subjects.author;
  std::vector<Mention> added;
  // "In 2018 she joined FAIR": the person the sentences before were about,
  // unless this sentence names a person before the pronoun.
  if (const Mention* person = PersonReferent(previous)) {
    uint32_t first_person = std::numeric_limits<uint32_t>::max();
    for (const Mention& m : *mentions) {
      if (m.type == EntityType::kPerson) first_person = std::min(first_person, m.span.begin);
    }
    for (const Token& t : tokens) {
      if (t.begin >= first_person) break;
      if (t.lower == "she"sv || t.lower == "he"sv)
        added.push_back(ReferenceTo(*person, {t.begin, t.end}));
    }
  }
  // "Aidan Gomez was a co-author of the paper, written while he was an
  // intern at Google Brain": after the one person a sentence names, "he" and
  // "she" are that person.
  const Mention* only_person = nullptr;
  bool several = false;
  for (const Mention& m : *mentions) {
    if (m.type != EntityType::kPerson || !m.typed) continue;
    if (only_person != nullptr && only_person->name != m.name) several = true;
    if (only_person == nullptr) only_person = &m;
  }
  for (const Token& t : tokens) {
    if (only_person == nullptr || several) break;
    if (t.begin >= only_person->span.end && (t.lower == "she"sv || t.lower == "he"sv))
      added.push_back(ReferenceTo(*only_person, {t.begin, t.end}));
  }
  // "We trained ...", "we're releasing ...", "our CTO": the author speaks.
  for (const Token& t : tokens) {
    if (author == nullptr) break;
    bool we = t.lower == "we"sv || (t.lower.size() > 3 && t.lower.starts_with("we") &&
                                    (t.lower[2] == '\'' || t.lower.substr(2, 3) == "\xE2\x80\x99"));
    if (!we && t.lower != "our"sv) continue;
    added.push_back(ReferenceTo(*author, {t.begin, t.begin + (we ? 2u : 3u)}));
  }
  // "It ..." and "Its ..." opening a sentence continue the one before; so
  // does "it" after an opening time phrase ("In April it released ...").
  auto first = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.word; });
  bool after_opening = false;  // "it" after a longer opening phrase
  if (first != tokens.end() && lexicon_.fronted_openers.count(first->lower)) {
    auto it_word =
        std::find_if(first, tokens.end(), [](const Token& t) { return t.lower == "it"sv; });
    bool nothing_named = it_word != tokens.end() &&
                         (mentions->empty() || mentions->front().span.begin > it_word->begin);
    bool short_phrase = it_word != tokens.end() && it_word - first <= 4 &&
                        std::none_of(first, it_word, [](const Token& t) { return !t.word; });
    // "On the college-level MMMU benchmark, however, it trailed GPT-4V": a
    // longer opening phrase set off by a comma, naming no model, company or
    // person before "it", does too.
    constexpr long kMaxOpening = 20;
    bool set_off = it_word != tokens.end() && it_word != first && it_word - first <= kMaxOpening &&
                   std::prev(it_word)->lower == ","sv &&
                   std::none_of(first, it_word, [](const Token& t) {
                     return t.lower == ";"sv || t.lower == "."sv || t.lower == ":"sv;
                   });
    bool no_subject_before =
        it_word != tokens.end() &&
        std::none_of(mentions->begin(), mentions->end(), [&](const Mention& m) {
          return m.span.begin < it_word->begin &&
                 (m.type == EntityType::kTechnique || m.type == EntityType::kOrganization ||
                  m.type == EntityType::kPerson);
        });
    if ((nothing_named && short_phrase) || (set_off && no_subject_before)) first = it_word;
    after_opening = first == it_word && !(nothing_named && short_phrase);
  }
  bool opens_with_it = first != tokens.end() && (first->lower == "it"sv || first->lower == "its"sv);
  auto next = opens_with_it ? std::next(first) : tokens.end();
  bool model_verb = first != tokens.end() && first->lower == "it"sv && next != tokens.end() &&
                    lexicon_.model_verbs.count(next->lower) > 0;
  const Mention* it_referent = opens_with_it ? ItReferent(text, previous, model_verb) : nullptr;
  // After a longer opening phrase "it" is only a model or a company.
  if (after_opening && it_referent != nullptr && !Refers(*it_referent, EntityType::kTechnique) &&
      !Refers(*it_referent, EntityType::kOrganization))
    it_referent = nullptr;
  if (it_referent) added.push_back(ReferenceTo(*it_referent, {first->begin, first->end}));
  // Where "it" stands: five readings below start there, and most sentences
  // have none.
  std::vector<size_t> its;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].lower == "it"sv) its.push_back(i);
  }
  // "..., a speech translation system; it was trained on VoxPopuli": after a
  // semicolon "it" is the model or organization named last before it.
  // "Veo builds on Imagen Video, and it uses latent diffusion": after ", and"
  // (", but", ", when", lexicon clause_joiners) "it" is the sentence's subject.
  for (size_t i : its) {
    if (i < 2) continue;
    const std::string& joiner = tokens[i - 1].lower;
    bool coordinated = tokens[i - 2].lower == "," && lexicon_.clause_joiners.count(joiner);
    if (!coordinated || mentions->empty()) continue;
    const Mention& subject = mentions->front();
    bool fits = subject.span.end <= tokens[i].begin && (Refers(subject, EntityType::kTechnique) ||
                                                        Refers(subject, EntityType::kOrganization));
    if (fits) added.push_back(ReferenceTo(subject, {tokens[i].begin, tokens[i].end}));
  }
  // "DeepSeekMath, a math model it released in 2024": "it" doing what
  // developers do is the organization the sentence opened with.
  for (size_t i : its) {
    if (i < 1 || i + 1 >= tokens.size() || !lexicon_.developer_verbs.count(tokens[i + 1].lower) ||
        mentions->empty())
      continue;
    const Mention& subject = mentions->front();
    if (subject.span.end <= tokens[i].begin && Refers(subject, EntityType::kOrganization))
      added.push_back(ReferenceTo(subject, {tokens[i].begin, tokens[i].end}));
  }
  // "Phi-3-small departs from its sibling: it uses ...": after a colon "it"
  // is the sentence's subject.
  for (size_t i : its) {
    if (i < 1 || mentions->empty() || tokens[i - 1].lower != ":"sv) continue;
    const Mention& subject = mentions->front();
    if (subject.span.end <= tokens[i - 1].begin && Refers(subject, EntityType::kTechnique))
      added.push_back(ReferenceTo(subject, {tokens[i].begin, tokens[i].end}));
  }
  // But "Qwen1.5-72B is a dense transformer; it also performs well ...",
  // "Mask R-CNN extends Faster R-CNN ...; it was evaluated on COCO": a
  // model that opens the sentence as its subject goes on.
  for (size_t i : its) {
    if (i < 1 || tokens[i - 1].lower != ";"sv) continue;
    const Mention* last = nullptr;
    for (const Mention& m : *mentions) {
      bool fits = Refers(m, EntityType::kTechnique) || Refers(m, EntityType::kOrganization);
      if (m.span.end <= tokens[i].begin && fits) last = &m;
    }
    if (last != nullptr && last != &mentions->front()) {
      const Mention& subject = SubjectAfterOpening(text, *mentions);
      if (Refers(subject, EntityType::kTechnique) && OpensSentence(text, subject)) last = &subject;
    }
    if (last != nullptr) added.push_back(ReferenceTo(*last, {tokens[i].begin, tokens[i].end}));
  }
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].lower != "the"sv) continue;
    // "the 8B model": the model of that size named last.
    size_t noun = i + 1;
    std::string_view size;
    if (i + 2 < tokens.size() && tokens[i + 1].digit && IsModelVariant(tokens[i + 1])) {
      size = tokens[i + 1].lower;
      noun = i + 2;
    }
    // "the cloud data company", "the Paris-based startup": up to three words
    // that name nothing stand between "the" and a business noun. Not in an
    // apposition ("Mistral AI, the French startup founded by ..."), which
    // rules read as such.
    bool apposition = i >= 1 && tokens[i - 1].lower == ","sv;
    // "According to the company, T scored ...": a source, not a participant.
    bool source = i >= 2 && tokens[i - 2].lower == "according"sv && tokens[i - 1].lower == "to"sv;
    if (source) continue;
    if (size.empty() && !apposition) noun = ReferenceNoun(tokens, i, *mentions);
    std::string phrase = tokens[i].lower + " " + tokens[noun].lower;
    Span span{tokens[i].begin, tokens[noun].end};
    // After "the Tokyo-based" or "the Paris", the noun alone stands for the
    // referent: the place stays a mention of its own.
    if (noun > i + 1 && PlaceBefore(*mentions, tokens, i, noun)) span.begin = tokens[noun].begin;
    // "the startup Kestrel Labs" names its referent itself; in "the
    // University of Washington" the noun starts a name.
    // "the startup accelerator Y Combinator": the noun modifies another
    // that the name after it has.
    // "the nonprofit research group EleutherAI": up to two such nouns.
    static constexpr std::string_view kHeads[] = {
        "accelerator", "incubator", "studio",  "fund",     "lab",        "arm",
        "unit",        "division",  "program", "research", "group",      "collective",
        "consortium",  "project",   "team",    "outfit",   "foundation", "initiative"};
    auto head = [&](size_t k) {
      return k < tokens.size() &&
             std::find(std::begin(kHeads), std::end(kHeads), tokens[k].lower) != std::end(kHeads);
    };
    size_t last_head = noun;
    while (last_head < noun + 2 && head(last_head + 1)) ++last_head;
    bool modifier = last_head > noun && last_head + 1 < tokens.size() &&
                    NameFollows(*mentions, tokens[last_head]);
    if (NameFollows(*mentions, tokens[noun]) || NameStartsAt(*mentions, tokens[noun]) ||
        NamedInApposition(*mentions, tokens, noun) || modifier)
      continue;
    // "Chao, the company's chief scientist": a possessive is no apposition.
    bool possessive = noun + 1 < tokens.size() && (tokens[noun + 1].lower == "'s"sv ||
                                                   tokens[noun + 1].lower == "\xE2\x80\x99s"sv);
    if (auto kind = lexicon_.references.find(phrase);
        kind != lexicon_.references.end() && !possessive &&
        NameBeforeComma(*mentions, tokens, i, kind->second))
      continue;
    // "the new video model" is the model the article is about: the one it
    // last said someone developed, not the one named last; unless its own
    // sentence named a model before it ("Meta released Llama 3 ..., and it
    // began using the larger model"). Words between "the" and a technique's
    // noun are ModelReferenceNoun()'s adjectives: ReferenceNoun() skips no
    // others before one.
    if (size.empty() && noun > i + 1 && NamesTechnique(phrase)) {
      const Mention* here = nullptr;
      for (const Mention& m : *mentions) {
        if (m.span.end <= span.begin && m.type == EntityType::kTechnique && m.typed &&
            m.source != MentionSource::kReference)
          here = &m;
      }
      const Mention* referent = here != nullptr ? here : subjects.topic_technique;
      if (referent != nullptr) added.push_back(ReferenceTo(*referent, span));
      continue;
    }
    std::vector<const Mention*> referents =
        size.empty() ? Referents(text, phrase, span, *mentions, previous, subjects.topic_company)
                     : SizedReferent(size, span, *mentions, previous);
    if (noun > i + 1 && referents.size() == 1)
      referents[0] = PlacedReferent(referents[0], tokens[i].end, tokens[noun].begin, *mentions,
                                    previous, subjects);
    for (const Mention* referent : referents) added.push_back(ReferenceTo(*referent, span));
  }
  // "They fine-tuned it on Ego4D": after a verb done to models, "it" is the
  // model named last before it in this sentence, or first in the latest
  // sentence before that names one.
  for (size_t i : its) {
    if (i < 1 || !lexicon_.model_object_verbs.count(tokens[i - 1].lower)) continue;
    if (const Mention* model = ObjectItReferent(*mentions, tokens[i], previous))
      added.push_back(ReferenceTo(*model, {tokens[i].begin, tokens[i].end}));
  }
  // "their model", "the team's approach": the technique the article last
  // said someone developed.
  for (size_t i = 0; subjects.topic_technique != nullptr && i < tokens.size(); ++i) {
    if (!lexicon_.topic_owner_starts.contains(tokens[i])) continue;  // most tokens
    size_t noun = TopicPhraseNoun(tokens, i);
    if (noun == 0 || NameFollows(*mentions, tokens[noun]) || NameStartsAt(*mentions, tokens[i]) ||
        NamedInApposition(*mentions, tokens, noun))
      continue;
    added.push_back(ReferenceTo(*subjects.topic_technique, {tokens[i].begin, tokens[noun].end}));
    i = noun;
  }
  AddTheyDeveloped(tokens, *mentions, previous, &added);
  for (Mention& m : added) mentions->push_back(std::move(m));
  std::stable_sort(mentions->begin(), mentions->end(),
                   [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
}

// "What's new: A, B and colleagues at O found that ... To prove the point,
// they built X": "they" doing what developers do (lexicon developer_verbs,
// "also" or "then" perhaps between) is every person of the latest sentence
// before that names one, unless the sentence names people before it.
void Recognizer::AddTheyDeveloped(const std::vector<Token>& tokens,
                                  const std::vector<Mention>& mentions,
                                  const std::vector<const std::vector<Mention>*>& previous,
                                  std::vector<Mention>* added) const {
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].lower != "they"sv) continue;
    size_t verb = i + 1;
    if (verb + 1 < tokens.size() &&
        (tokens[verb].lower == "also"sv || tokens[verb].lower == "then"sv))
      ++verb;
    if (!lexicon_.developer_verbs.count(tokens[verb].lower)) continue;
    // "David Baker and colleagues described RoseTTAFold, a system they
    // developed": people named before it in the same sentence first.
    std::vector<const Mention*> people;
    for (const Mention* m : AllNamed(mentions, EntityType::kPerson)) {
      if (m->span.end <= tokens[i].begin) people.push_back(m);
    }
    for (auto p = previous.rbegin(); people.empty() && p != previous.rend(); ++p)
      people = AllNamed(**p, EntityType::kPerson);
    for (const Mention* person : people)
      added->push_back(ReferenceTo(*person, {tokens[i].begin, tokens[i].end}));
  }
}

}  // namespace kg::extract
