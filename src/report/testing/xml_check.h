// A minimal XML well-formedness check for the report tests: balanced tags, quoted attributes,
// no duplicate attribute, '&' only in the character references the report writer emits, '<'
// only to open a tag. Enough to catch an unescaped label or an unclosed element without a
// parser dependency. Header-only; test code only.

#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace esep::report::testing {

// Returns "" when `text` is well-formed in the sense above, otherwise a message with the offset.
// `<!DOCTYPE ...>` and comments are skipped.
inline std::string XmlProblem(std::string_view text) {
  std::vector<std::string> open;
  const auto problem = [&](size_t at, std::string_view what) {
    return std::string(what) + " at offset " + std::to_string(at);
  };
  const auto entity_ok = [&](size_t at) {
    const size_t end = text.find(';', at);
    if (end == std::string_view::npos || end - at > 8) {
      return false;
    }
    const std::string_view name = text.substr(at + 1, end - at - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "#39") {
      return true;
    }
    if (name.size() >= 2 && name[0] == '#') {
      for (size_t i = 1; i < name.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) {
          return false;
        }
      }
      return true;
    }
    return false;
  };
  const auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':';
  };
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '&') {
      if (!entity_ok(i)) {
        return problem(i, "bare '&'");
      }
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (text.substr(i, 4) == "<!--") {
      const size_t end = text.find("-->", i);
      if (end == std::string_view::npos) {
        return problem(i, "unclosed comment");
      }
      i = end + 3;
      continue;
    }
    if (text.substr(i, 2) == "<!") {
      const size_t end = text.find('>', i);
      if (end == std::string_view::npos) {
        return problem(i, "unclosed declaration");
      }
      i = end + 1;
      continue;
    }
    const bool closing = text.substr(i, 2) == "</";
    size_t j = i + (closing ? 2 : 1);
    const size_t name_start = j;
    while (j < text.size() && is_name(text[j])) {
      ++j;
    }
    if (j == name_start) {
      return problem(i, "bare '<'");
    }
    const std::string name(text.substr(name_start, j - name_start));
    if (closing) {
      while (j < text.size() && text[j] == ' ') {
        ++j;
      }
      if (j >= text.size() || text[j] != '>') {
        return problem(i, "bad closing tag");
      }
      if (open.empty() || open.back() != name) {
        return problem(i, "</" + name + "> does not close " +
                              (open.empty() ? std::string("anything") : "<" + open.back() + ">"));
      }
      open.pop_back();
      i = j + 1;
      continue;
    }
    std::set<std::string> attributes;
    while (true) {
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])) != 0) {
        ++j;
      }
      if (j >= text.size()) {
        return problem(i, "unclosed tag");
      }
      if (text[j] == '>') {
        open.push_back(name);
        i = j + 1;
        break;
      }
      if (text.substr(j, 2) == "/>") {
        i = j + 2;
        break;
      }
      const size_t attribute_start = j;
      while (j < text.size() && is_name(text[j])) {
        ++j;
      }
      if (j == attribute_start || j + 1 >= text.size() || text[j] != '=' ||
          (text[j + 1] != '"' && text[j + 1] != '\'')) {
        return problem(j, "bad attribute in <" + name + ">");
      }
      if (!attributes.insert(std::string(text.substr(attribute_start, j - attribute_start)))
               .second) {
        return problem(j, "duplicate attribute in <" + name + ">");
      }
      const char quote = text[j + 1];
      const size_t value_end = text.find(quote, j + 2);
      if (value_end == std::string_view::npos) {
        return problem(j, "unclosed attribute value");
      }
      for (size_t k = j + 2; k < value_end; ++k) {
        if (text[k] == '<') {
          return problem(k, "'<' in an attribute value");
        }
        if (text[k] == '&' && !entity_ok(k)) {
          return problem(k, "bare '&' in an attribute value");
        }
      }
      j = value_end + 1;
    }
  }
  if (!open.empty()) {
    return "unclosed <" + open.back() + "> at the end";
  }
  return "";
}

}  // namespace esep::report::testing
