// Validated YAML configuration.
//
// Every config struct in prefctl is a plain struct with documented defaults
// and exactly one reader function of the form
//
//   void ReadConfig(const ConfigNode& node, FooConfig* config) {
//     node.Read("beta", &config->beta, Range::AtLeast(0.0));
//     node.ReadChoice("mode", &config->mode, {"a", "b"});
//     node.CheckNoUnknownKeys();
//   }
//
// Every error names the source (file and line, or the command-line override),
// the full key path (e.g. `algorithm.pmpo.beta`) and what would have been
// valid: the allowed keys, the range, or the choices.
#ifndef PREFCTL_CORE_CONFIG_H_
#define PREFCTL_CORE_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace prefctl {

// Raised for any invalid user input; the message is ready to print.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "'a', 'b', 'c'" ("(none)" when empty), for listing valid choices.
std::string JoinQuoted(const std::vector<std::string>& items);

// A numeric interval; either end may be open, closed or absent.
struct Range {
  std::optional<double> min;
  std::optional<double> max;
  bool min_inclusive = true;
  bool max_inclusive = true;

  static Range Any() { return {}; }
  static Range AtLeast(double lo) { return {lo, std::nullopt, true, true}; }
  static Range GreaterThan(double lo) {
    return {lo, std::nullopt, false, true};
  }
  static Range Closed(double lo, double hi) { return {lo, hi, true, true}; }
  static Range Positive() { return GreaterThan(0.0); }

  bool Contains(double value) const;
  std::string Describe() const;  // e.g. "in [0, 1]", "> 0".
};

// A view of one YAML map (or scalar) inside a loaded document. Copies share
// the bookkeeping of which keys were read, so a reader can check that nothing
// unknown was supplied.
class ConfigNode {
 public:
  // Loads a YAML file; syntax errors name the file and line.
  static ConfigNode LoadFile(const std::string& path);
  // Parses YAML text; `source_name` stands for the file in messages.
  static ConfigNode LoadString(const std::string& text,
                               const std::string& source_name);

  // Applies a command-line override `a.b.c=value` to this (root) node. The
  // value is parsed as YAML, so `x=3`, `x=true` and `x=[1, 2]` keep types.
  // Validation happens when the struct readers run, as for file values, and
  // errors then name the override instead of a file line.
  void ApplyOverride(const std::string& assignment);

  // From now on every key a reader asks for and finds absent is written into
  // the document with the default the reader kept (absent sections too), so
  // that Dump() gives every value the readers used: a run's config.yaml
  // then still says what ran when the defaults change.
  void RecordDefaults();

  bool Has(const std::string& key) const;
  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }
  bool IsScalar() const { return node_.IsScalar(); }

  // Reads an optional scalar: keeps `*value` (the default) when absent.
  template <typename T>
  void Read(const std::string& key, T* value,
            const Range& range = Range::Any()) const;
  // Like Read, but absence is an error.
  template <typename T>
  void ReadRequired(const std::string& key, T* value,
                    const Range& range = Range::Any()) const;
  // Reads a string that must be one of `choices`.
  void ReadChoice(const std::string& key, std::string* value,
                  const std::vector<std::string>& choices) const;
  // Reads a string naming an enumerator.
  template <typename Enum>
  void ReadEnum(const std::string& key, Enum* value,
                const std::vector<std::pair<std::string, Enum>>& names) const;

  // Sub-map at `key` (an empty map when absent), marking `key` as read.
  ConfigNode Child(const std::string& key) const;
  // Elements of the sequence at `key` (empty when absent).
  std::vector<ConfigNode> Items(const std::string& key) const;
  // Keys of this map, in file order.
  std::vector<std::string> Keys() const;
  // Scalar value of this node itself (for sequence elements).
  template <typename T>
  T As(const Range& range = Range::Any()) const;

  // Fails listing the keys read so far as the allowed ones if this map holds
  // a key no reader asked for. Call at the end of each struct reader.
  void CheckNoUnknownKeys() const;

  // "file.yaml:12: algorithm.pmpo.beta" (or the override that set it).
  std::string Where(const std::string& key = "") const;
  // Makes the file name `*value`, read from `key`, absolute: a relative name
  // is taken relative to this document's file, or to the working directory
  // when a command-line override gave it (or the document came from a
  // string). The absolute name is written back into the document, so a
  // run's config.yaml names the same file wherever it is read from.
  void ResolvePath(const std::string& key, std::string* value) const;
  [[noreturn]] void Fail(const std::string& key,
                         const std::string& message) const;

  // Path of this node from the root ("" for the root, "algorithm.pmpo").
  const std::string& path() const { return path_; }
  // The file this document was loaded from ("" for strings).
  const std::string& source() const { return document_->source; }
  // The document with overrides (and, after RecordDefaults, the defaults
  // read), for writing the run's config.yaml.
  std::string Dump() const;

 private:
  struct Document {
    std::string source;
    YAML::Node root;
    std::map<std::string, std::string> overridden;  // path -> assignment
    std::map<std::string, std::set<std::string>> read_keys;  // map path -> keys
    bool record_defaults = false;
  };

  ConfigNode(std::shared_ptr<Document> document, YAML::Node node,
             std::string path);
  std::string KeyPath(const std::string& key) const;
  YAML::Node Get(const std::string& key) const;  // marks key as read
  void MarkRead(const std::string& key) const;
  // The command-line assignment that set `key` or a map holding it, if any.
  const std::string* OverrideOf(const std::string& key) const;
  // Writes `value` at absent `key` when recording defaults.
  void RecordDefault(const std::string& key, const YAML::Node& value) const;
  template <typename T>
  T Convert(const YAML::Node& node, const std::string& key,
            const Range& range) const;

  std::shared_ptr<Document> document_;
  YAML::Node node_;
  std::string path_;
};

// Human-readable type names for messages ("a number", "true or false", ...).
template <typename T>
const char* ConfigTypeName();

// A value as YAML, numbers in their shortest exact form (0.1, not
// 0.10000000000000001).
YAML::Node ToYaml(bool value);
YAML::Node ToYaml(int value);
YAML::Node ToYaml(int64_t value);
YAML::Node ToYaml(double value);
YAML::Node ToYaml(const std::string& value);
template <typename T>
YAML::Node ToYaml(const std::vector<T>& values) {
  YAML::Node sequence(YAML::NodeType::Sequence);
  for (const T& value : values) sequence.push_back(ToYaml(value));
  sequence.SetStyle(YAML::EmitterStyle::Flow);
  return sequence;
}

template <typename T>
void ConfigNode::Read(const std::string& key, T* value,
                      const Range& range) const {
  const YAML::Node child = Get(key);
  if (child) {
    *value = Convert<T>(child, key, range);
  } else {
    RecordDefault(key, ToYaml(*value));
  }
}

template <typename T>
void ConfigNode::ReadRequired(const std::string& key, T* value,
                              const Range& range) const {
  if (!Has(key)) Fail(key, "is required but missing");
  Read(key, value, range);
}

template <typename Enum>
void ConfigNode::ReadEnum(
    const std::string& key, Enum* value,
    const std::vector<std::pair<std::string, Enum>>& names) const {
  std::vector<std::string> choices;
  std::string current;
  for (const auto& [name, enumerator] : names) {
    choices.push_back(name);
    if (enumerator == *value) current = name;
  }
  ReadChoice(key, &current, choices);
  for (const auto& [name, enumerator] : names) {
    if (name == current) *value = enumerator;
  }
}

template <typename T>
T ConfigNode::As(const Range& range) const {
  return Convert<T>(node_, "", range);
}

}  // namespace prefctl

#endif  // PREFCTL_CORE_CONFIG_H_
