// HTML to text with Gumbo: the body's prose, the title and the publication
// date. The tree is walked with an explicit stack: hostile pages nest
// elements deeper than the call stack could follow.
#include <gumbo.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/reader_formats.h"

namespace kg::extract {
namespace {

// Page furniture: menus, ads, forms and code hold no article prose.
bool IsDropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_FIGCAPTION:
      return true;
    default:
      return false;
  }
}

// Line breaks an element puts around its text: 2 for a paragraph, 1 for a
// line, 0 for inline elements.
int BreaksAround(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_HR:
      return 2;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
      return 1;
    default:
      return 0;
  }
}

// Collects text: whitespace runs collapse to one space (HTML rendering
// rules) except in <pre>; breaks never pile up beyond one blank line.
class TextBuilder {
 public:
  void AddText(std::string_view text, bool preformatted) {
    for (char c : text) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (preformatted && c == '\n') {
        Break(1);
      } else if (space) {
        pending_space_ = true;
      } else {
        if (pending_space_ && !out_.empty() && out_.back() != '\n') out_ += ' ';
        pending_space_ = false;
        out_ += c;
      }
    }
  }
  void Break(int breaks) {
    if (breaks == 0) return;  // inline elements keep the space before them
    pending_space_ = false;
    if (out_.empty()) return;
    int have = 0;
    for (size_t i = out_.size(); i > 0 && out_[i - 1] == '\n' && have < 2; --i) ++have;
    for (; have < breaks; ++have) out_ += '\n';
  }
  void AddSeparator() { pending_space_ = true; }
  // "Benchmark | Zephyr-2 | GPT-4": table cells keep their columns, so that
  // score tables read as tables (extract/tables.h).
  void AddCellSeparator() {
    if (!out_.empty() && out_.back() != '\n') out_ += " |";
    pending_space_ = true;
  }
  std::string Take() {
    while (!out_.empty() && out_.back() == '\n') out_.pop_back();
    return std::move(out_);
  }

 private:
  std::string out_;
  bool pending_space_ = false;
};

const char* Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
  return attribute == nullptr ? nullptr : attribute->value;
}

std::string NodeText(const GumboNode* node);

struct Metadata {
  std::string title;
  std::string meta_date;  // <meta property="article:published_time">: the page's own claim
  std::string time_date;  // the first <time datetime>, which may date something else
};

// First one of each wins.
void NoteMetadata(const GumboElement& element, Metadata* content) {
  if (element.tag == GUMBO_TAG_TITLE && content->title.empty() && element.children.length > 0) {
    content->title = NodeText(static_cast<const GumboNode*>(element.children.data[0]));
  } else if (element.tag == GUMBO_TAG_META && content->meta_date.empty()) {
    const char* property = Attribute(element, "property");
    if (property == nullptr) property = Attribute(element, "name");
    const char* value = Attribute(element, "content");
    if (property != nullptr && value != nullptr &&
        (std::strcmp(property, "article:published_time") == 0 ||
         std::strcmp(property, "date") == 0 || std::strcmp(property, "pubdate") == 0)) {
      content->meta_date = value;
    }
  } else if (element.tag == GUMBO_TAG_TIME && content->time_date.empty()) {
    const char* value = Attribute(element, "datetime");
    if (value != nullptr) content->time_date = value;
  }
}

std::string NodeText(const GumboNode* node) {
  if (node->type != GUMBO_NODE_TEXT) return "";
  TextBuilder builder;
  builder.AddText(node->v.text.text, false);
  return builder.Take();
}

struct Visit {
  const GumboNode* node;
  bool closing;
};

void WalkBody(const GumboNode* root, HtmlContent* content) {
  TextBuilder builder;
  std::vector<Visit> stack = {{root, false}};
  int pre_depth = 0;
  while (!stack.empty()) {
    Visit visit = stack.back();
    stack.pop_back();
    const GumboNode* node = visit.node;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      builder.AddText(node->v.text.text, pre_depth > 0);
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE &&
        node->type != GUMBO_NODE_DOCUMENT) {
      continue;  // comments
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT) {
      for (unsigned i = children.length; i > 0; --i) {
        stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false});
      }
      continue;
    }
    const GumboElement& element = node->v.element;
    if (visit.closing) {
      builder.Break(BreaksAround(element.tag));
      if (element.tag == GUMBO_TAG_TD || element.tag == GUMBO_TAG_TH) builder.AddCellSeparator();
      if (element.tag == GUMBO_TAG_PRE) --pre_depth;
      continue;
    }
    if (IsDropped(element.tag) || element.tag == GUMBO_TAG_IMG) continue;
    builder.Break(BreaksAround(element.tag));
    if (element.tag == GUMBO_TAG_LI) builder.AddText("• ", false);
    if (element.tag == GUMBO_TAG_PRE) ++pre_depth;
    stack.push_back({node, true});
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false});
    }
  }
  content->text = builder.Take();
}

// Metadata lives in <head> and in <header>, which WalkBody skips.
void CollectMetadata(const GumboNode* root, Metadata* metadata) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    if (node->type == GUMBO_NODE_ELEMENT) {
      NoteMetadata(node->v.element, metadata);
    }
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }
}

}  // namespace

HtmlContent HtmlToText(std::string_view html) {
  // Real pages nest a few dozen levels; Gumbo's time grows with the square
  // of the depth, so deeper pages are read by the plain stripper.
  constexpr size_t kMaxGumboDepth = 2000;
  if (EstimateHtmlDepth(html) > kMaxGumboDepth) return {StripHtmlTags(html), "", ""};
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are the norm on the web; don't keep them
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  HtmlContent content;
  if (output == nullptr) return content;
  Metadata metadata;
  CollectMetadata(output->document, &metadata);
  content.title = std::move(metadata.title);
  content.date = metadata.meta_date.empty() ? metadata.time_date : metadata.meta_date;
  WalkBody(output->document, &content);
  gumbo_destroy_output(&options, output);
  return content;
}

}  // namespace kg::extract
