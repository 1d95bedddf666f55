#include "core/checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "core/atomic_file.h"

namespace prefctl {
namespace fs = std::filesystem;
namespace {

constexpr char kPrefix[] = "step_";
constexpr char kSuffix[] = ".pt";

// The step number of a full checkpoint's file name, or -1.
int64_t StepOf(const fs::path& path) {
  const std::string name = path.filename().string();
  const std::string prefix = kPrefix, suffix = kSuffix;
  if (name.size() <= prefix.size() + suffix.size() ||
      name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return -1;
  }
  const std::string digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (!std::all_of(digits.begin(), digits.end(), ::isdigit)) return -1;
  return std::stoll(digits);
}

}  // namespace

CheckpointStore::CheckpointStore(std::string directory, int keep_last)
    : directory_(std::move(directory)), keep_last_(keep_last) {
  if (keep_last < 1) throw std::invalid_argument("keep_last must be >= 1");
  fs::create_directories(directory_);
}

std::string CheckpointStore::Save(int64_t step, const Writer& write) {
  char name[64];
  std::snprintf(name, sizeof(name), "%s%012lld%s", kPrefix,
                static_cast<long long>(step), kSuffix);
  const std::string path = (fs::path(directory_) / name).string();
  WriteFileAtomically(path, [&](const std::string& temporary) {
    torch::serialize::OutputArchive archive;
    write(archive);
    archive.save_to(temporary);
  });
  std::vector<std::string> all = List(directory_);
  for (size_t i = 0; i + keep_last_ < all.size(); ++i) fs::remove(all[i]);
  return path;
}

std::string CheckpointStore::SaveBest(const Writer& write) {
  const std::string path = (fs::path(directory_) / "best.pt").string();
  WriteFileAtomically(path, [&](const std::string& temporary) {
    torch::serialize::OutputArchive archive;
    write(archive);
    archive.save_to(temporary);
  });
  return path;
}

std::vector<std::string> CheckpointStore::List(const std::string& directory) {
  std::vector<std::pair<int64_t, std::string>> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    const int64_t step = StepOf(entry.path());
    if (step >= 0) found.emplace_back(step, entry.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> paths;
  for (const auto& [step, path] : found) paths.push_back(path);
  return paths;
}

std::optional<std::string> CheckpointStore::Latest(
    const std::string& directory) {
  std::vector<std::string> all = List(directory);
  if (all.empty()) return std::nullopt;
  return all.back();
}

void LoadArchive(const std::string& path,
                 torch::serialize::InputArchive* archive) {
  if (!fs::exists(path)) {
    throw std::runtime_error(path + ": checkpoint file does not exist");
  }
  try {
    archive->load_from(path);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path +
                             ": not a readable checkpoint (truncated or "
                             "corrupt file): " +
                             e.what_without_backtrace());
  }
}

void ReadCheckpoint(
    const std::string& path,
    const std::function<void(torch::serialize::InputArchive&)>& read) {
  torch::serialize::InputArchive archive;
  LoadArchive(path, &archive);
  const std::string cause =
      ": does not match this experiment (written with other settings or by "
      "an older prefctl): ";
  try {
    read(archive);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path + cause + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw std::runtime_error(path + cause + e.what());
  }
}

namespace {

// Compares the shapes stored in `archive` with `module`'s, in the layout
// Module::save writes (a module's own tensors, then one entry per child).
void CheckShapes(torch::serialize::InputArchive& archive,
                 const torch::nn::Module& module, const std::string& name) {
  auto check = [&](const std::string& key, const torch::Tensor& expected,
                   bool is_buffer) {
    torch::Tensor stored;
    archive.read(key, stored, is_buffer);
    if (!stored.sizes().equals(expected.sizes())) {
      std::ostringstream message;
      message << name << "." << key << " is " << stored.sizes()
              << " in the checkpoint, " << expected.sizes()
              << " in this experiment";
      throw std::runtime_error(message.str());
    }
  };
  for (const auto& item : module.named_parameters(/*recurse=*/false))
    check(item.key(), item.value(), false);
  for (const auto& item : module.named_buffers(/*recurse=*/false))
    check(item.key(), item.value(), true);
  for (const auto& child : module.named_children()) {
    torch::serialize::InputArchive entry;
    archive.read(child.key(), entry);
    CheckShapes(entry, *child.value(), name + "." + child.key());
  }
}

}  // namespace

void LoadModule(torch::serialize::InputArchive& archive, const std::string& key,
                torch::nn::Module& module) {
  torch::serialize::InputArchive entry;
  archive.read(key, entry);
  CheckShapes(entry, module, key);
  module.load(entry);
}

void WriteInt(torch::serialize::OutputArchive& archive, const std::string& key,
              int64_t value) {
  archive.write(key, torch::tensor(value, torch::kInt64));
}

int64_t ReadInt(torch::serialize::InputArchive& archive,
                const std::string& key) {
  torch::Tensor value;
  archive.read(key, value);
  return value.item<int64_t>();
}

}  // namespace prefctl
