#include "core/config.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace prefctl {
namespace {

std::string FormatNumber(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

std::string ScalarText(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing";
}

// "inf", "-Infinity" and the like: what people write for infinity, which YAML
// spells .inf.
bool LooksLikeInfinity(const YAML::Node& node) {
  if (!node.IsScalar()) return false;
  std::string text = node.Scalar();
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.erase(0, 1);
  for (char& c : text) c = static_cast<char>(std::tolower(c));
  return text == "inf" || text == "infinity";
}

// Splits "a.b.c" into its parts; empty parts are an error for the caller.
std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(path);
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

// The first command-line assignment to a key inside the map at `path`.
const std::string* FirstOverrideBelow(
    const std::map<std::string, std::string>& overridden,
    const std::string& path) {
  const std::string prefix = path + ".";
  const auto it = overridden.lower_bound(prefix);
  if (it == overridden.end() ||
      it->first.compare(0, prefix.size(), prefix) != 0) {
    return nullptr;
  }
  return &it->second;
}

}  // namespace

std::string JoinQuoted(const std::vector<std::string>& items) {
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) joined += ", ";
    joined += "'" + items[i] + "'";
  }
  return joined.empty() ? "(none)" : joined;
}

bool Range::Contains(double value) const {
  if (std::isnan(value)) return false;
  if (min && (min_inclusive ? value < *min : value <= *min)) return false;
  if (max && (max_inclusive ? value > *max : value >= *max)) return false;
  return true;
}

std::string Range::Describe() const {
  if (min && max) {
    return std::string(min_inclusive ? "in [" : "in (") + FormatNumber(*min) +
           ", " + FormatNumber(*max) + (max_inclusive ? "]" : ")");
  }
  if (min) return (min_inclusive ? ">= " : "> ") + FormatNumber(*min);
  if (max) return (max_inclusive ? "<= " : "< ") + FormatNumber(*max);
  return "any number";
}

template <>
const char* ConfigTypeName<bool>() {
  return "true or false";
}
template <>
const char* ConfigTypeName<int>() {
  return "an integer";
}
template <>
const char* ConfigTypeName<int64_t>() {
  return "an integer";
}
template <>
const char* ConfigTypeName<double>() {
  return "a number";
}
template <>
const char* ConfigTypeName<std::string>() {
  return "a string";
}
template <>
const char* ConfigTypeName<std::vector<double>>() {
  return "a list of numbers";
}
template <>
const char* ConfigTypeName<std::vector<int>>() {
  return "a list of integers";
}
template <>
const char* ConfigTypeName<std::vector<std::string>>() {
  return "a list of strings";
}

ConfigNode::ConfigNode(std::shared_ptr<Document> document, YAML::Node node,
                       std::string path)
    : document_(std::move(document)), node_(node), path_(std::move(path)) {}

ConfigNode ConfigNode::LoadFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw ConfigError(path + ": cannot open file");
  std::stringstream text;
  text << file.rdbuf();
  return LoadString(text.str(), path);
}

ConfigNode ConfigNode::LoadString(const std::string& text,
                                  const std::string& source_name) {
  auto document = std::make_shared<Document>();
  document->source = source_name;
  try {
    document->root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(source_name + ":" + std::to_string(e.mark.line + 1) +
                      ": invalid YAML: " + e.msg);
  }
  if (document->root.IsNull()) document->root = YAML::Node(YAML::NodeType::Map);
  if (!document->root.IsMap()) {
    throw ConfigError(source_name + ": the top level must be a map of keys");
  }
  return ConfigNode(document, document->root, "");
}

void ConfigNode::ApplyOverride(const std::string& assignment) {
  const size_t equals = assignment.find('=');
  const std::string where = "command-line override '" + assignment + "'";
  if (equals == std::string::npos || equals == 0) {
    throw ConfigError(where + ": expected key.path=value");
  }
  const std::string key_path = assignment.substr(0, equals);
  const std::vector<std::string> parts = SplitPath(key_path);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(equals + 1));
  } catch (const YAML::Exception& e) {
    throw ConfigError(where + ": invalid value: " + e.msg);
  }
  // Walk down, creating maps as needed; yaml-cpp nodes are handles, so the
  // assignment below writes into the document.
  std::vector<YAML::Node> chain = {node_};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) throw ConfigError(where + ": empty key in path");
    YAML::Node next = chain.back()[parts[i]];
    if (next && !next.IsMap()) {
      throw ConfigError(where + ": '" + parts[i] + "' is not a map");
    }
    if (!next) chain.back()[parts[i]] = YAML::Node(YAML::NodeType::Map);
    chain.push_back(chain.back()[parts[i]]);
  }
  if (parts.empty() || parts.back().empty()) {
    throw ConfigError(where + ": empty key in path");
  }
  chain.back()[parts.back()] = value;
  const std::string full_path =
      path_.empty() ? key_path : path_ + "." + key_path;
  document_->overridden[full_path] = assignment;
}

bool ConfigNode::Has(const std::string& key) const {
  return node_.IsMap() && node_[key];
}

std::string ConfigNode::KeyPath(const std::string& key) const {
  if (key.empty()) return path_;
  return path_.empty() ? key : path_ + "." + key;
}

void ConfigNode::MarkRead(const std::string& key) const {
  document_->read_keys[path_].insert(key);
}

YAML::Node ConfigNode::Get(const std::string& key) const {
  MarkRead(key);
  if (!node_.IsMap()) {
    if (node_.IsNull()) return YAML::Node();
    Fail("", "must be a map of keys, got " + ScalarText(node_));
  }
  return node_[key];
}

void ConfigNode::ResolvePath(const std::string& key, std::string* value) const {
  namespace fs = std::filesystem;
  if (value->empty()) return;
  fs::path name(*value);
  if (name.is_relative()) {
    const bool from_file =
        !document_->source.empty() && OverrideOf(key) == nullptr;
    const fs::path base = from_file
                              ? fs::absolute(document_->source).parent_path()
                              : fs::current_path();
    name = base / name;
  }
  *value = name.lexically_normal().string();
  YAML::Node map = node_;  // a handle: writes go into the document
  map[key] = *value;
}

const std::string* ConfigNode::OverrideOf(const std::string& key) const {
  for (std::string prefix = KeyPath(key); !prefix.empty();) {
    auto it = document_->overridden.find(prefix);
    if (it != document_->overridden.end()) return &it->second;
    const size_t dot = prefix.rfind('.');
    prefix = dot == std::string::npos ? "" : prefix.substr(0, dot);
  }
  return nullptr;
}

std::string ConfigNode::Where(const std::string& key) const {
  const std::string key_path = KeyPath(key);
  YAML::Mark mark = node_.Mark();
  if (!key.empty() && node_.IsMap() && node_[key]) mark = node_[key].Mark();
  const std::string* assignment = OverrideOf(key);
  // A map without a line in the file was created by an override below it.
  if (assignment == nullptr && mark.line < 0) {
    assignment = FirstOverrideBelow(document_->overridden, key_path);
  }
  if (assignment != nullptr) {
    return "command-line override '" + *assignment + "': " + key_path;
  }
  std::string where = document_->source;
  if (mark.line >= 0) where += ":" + std::to_string(mark.line + 1);
  return key_path.empty() ? where : where + ": " + key_path;
}

void ConfigNode::Fail(const std::string& key,
                      const std::string& message) const {
  throw ConfigError(Where(key) + " " + message);
}

template <typename T>
T ConfigNode::Convert(const YAML::Node& node, const std::string& key,
                      const Range& range) const {
  T value{};
  try {
    value = node.as<T>();
  } catch (const YAML::Exception&) {
    std::string message = std::string("must be ") + ConfigTypeName<T>() +
                          ", got " + ScalarText(node);
    if (std::is_floating_point_v<T> && LooksLikeInfinity(node)) {
      message += " (YAML writes infinity as .inf and -.inf)";
    }
    Fail(key, message);
  }
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    if (!range.Contains(static_cast<double>(value))) {
      Fail(key, "must be " + range.Describe() + ", got " + ScalarText(node));
    }
  }
  if constexpr (std::is_same_v<T, std::vector<double>> ||
                std::is_same_v<T, std::vector<int>>) {
    for (const auto element : value) {
      if (!range.Contains(static_cast<double>(element))) {
        Fail(key, "elements must be " + range.Describe() + ", got " +
                      FormatNumber(element));
      }
    }
  }
  return value;
}

void ConfigNode::ReadChoice(const std::string& key, std::string* value,
                            const std::vector<std::string>& choices) const {
  std::string chosen = *value;
  Read(key, &chosen);
  for (const std::string& choice : choices) {
    if (choice == chosen) {
      *value = chosen;
      return;
    }
  }
  Fail(key, "must be one of " + JoinQuoted(choices) + ", got '" + chosen + "'");
}

ConfigNode ConfigNode::Child(const std::string& key) const {
  YAML::Node child = Get(key);
  if (!child || child.IsNull()) {
    const YAML::Node empty(YAML::NodeType::Map);
    RecordDefault(key, empty);  // the same map: its defaults land there too
    return ConfigNode(document_, empty, KeyPath(key));
  }
  if (!child.IsMap()) {
    Fail(key, "must be a map of keys, got " + ScalarText(child));
  }
  return ConfigNode(document_, child, KeyPath(key));
}

std::vector<ConfigNode> ConfigNode::Items(const std::string& key) const {
  YAML::Node child = Get(key);
  std::vector<ConfigNode> items;
  if (!child || child.IsNull()) return items;
  if (!child.IsSequence())
    Fail(key, "must be a list, got " + ScalarText(child));
  for (size_t i = 0; i < child.size(); ++i) {
    items.push_back(ConfigNode(document_, child[i],
                               KeyPath(key) + "[" + std::to_string(i) + "]"));
  }
  return items;
}

std::vector<std::string> ConfigNode::Keys() const {
  std::vector<std::string> keys;
  if (!node_.IsMap()) return keys;
  for (const auto& entry : node_) keys.push_back(entry.first.as<std::string>());
  return keys;
}

void ConfigNode::CheckNoUnknownKeys() const {
  if (!node_.IsMap()) return;
  const std::set<std::string>& known = document_->read_keys[path_];
  for (const auto& entry : node_) {
    const std::string key = entry.first.as<std::string>();
    if (known.count(key) > 0) continue;
    const std::string message = "is not a known key; allowed keys here: " +
                                JoinQuoted({known.begin(), known.end()});
    // A key without a line in the file came from an override.
    if (OverrideOf(key) != nullptr || entry.first.Mark().line < 0) {
      Fail(key, message);
    }
    // Point at the key itself, not at its value (which may start lines later).
    throw ConfigError(document_->source + ":" +
                      std::to_string(entry.first.Mark().line + 1) + ": " +
                      KeyPath(key) + " " + message);
  }
}

void ConfigNode::RecordDefaults() { document_->record_defaults = true; }

void ConfigNode::RecordDefault(const std::string& key,
                               const YAML::Node& value) const {
  if (!document_->record_defaults) return;
  YAML::Node map = node_;  // a handle: writes go into the document
  map[key] = value;
}

YAML::Node ToYaml(bool value) { return YAML::Node(value); }

YAML::Node ToYaml(int value) { return YAML::Node(value); }

YAML::Node ToYaml(int64_t value) { return YAML::Node(value); }

YAML::Node ToYaml(double value) {
  // YAML's spellings, which yaml-cpp reads back.
  if (std::isnan(value)) return YAML::Node(".nan");
  if (std::isinf(value)) return YAML::Node(value > 0 ? ".inf" : "-.inf");
  char text[32];
  const auto end = std::to_chars(text, text + sizeof(text), value).ptr;
  return YAML::Node(std::string(text, end));
}

YAML::Node ToYaml(const std::string& value) { return YAML::Node(value); }

std::string ConfigNode::Dump() const {
  YAML::Emitter out;
  out << node_;
  return out.c_str();
}

template bool ConfigNode::Convert<bool>(const YAML::Node&, const std::string&,
                                        const Range&) const;
template int ConfigNode::Convert<int>(const YAML::Node&, const std::string&,
                                      const Range&) const;
template int64_t ConfigNode::Convert<int64_t>(const YAML::Node&,
                                              const std::string&,
                                              const Range&) const;
template double ConfigNode::Convert<double>(const YAML::Node&,
                                            const std::string&,
                                            const Range&) const;
template std::string ConfigNode::Convert<std::string>(const YAML::Node&,
                                                      const std::string&,
                                                      const Range&) const;
template std::vector<double> ConfigNode::Convert<std::vector<double>>(
    const YAML::Node&, const std::string&, const Range&) const;
template std::vector<int> ConfigNode::Convert<std::vector<int>>(
    const YAML::Node&, const std::string&, const Range&) const;
template std::vector<std::string> ConfigNode::Convert<std::vector<std::string>>(
    const YAML::Node&, const std::string&, const Range&) const;

}  // namespace prefctl
