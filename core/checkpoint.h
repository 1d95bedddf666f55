// Checkpoint files of a run directory:
//   checkpoints/step_<updates>.pt   full training state, the last N kept
//   checkpoints/best.pt             the best-evaluating state
// Each file is one torch archive written atomically (temporary file, then
// rename), so a crash, a NaN stop or a kill leaves the previous checkpoint
// intact and resumable.
#ifndef PREFCTL_CORE_CHECKPOINT_H_
#define PREFCTL_CORE_CHECKPOINT_H_

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace prefctl {

class CheckpointStore {
 public:
  using Writer = std::function<void(torch::serialize::OutputArchive&)>;

  // Creates `directory` if needed. `keep_last` >= 1.
  CheckpointStore(std::string directory, int keep_last);

  // Writes step_<step>.pt and deletes the oldest beyond `keep_last`.
  // Returns the path written.
  std::string Save(int64_t step, const Writer& write);
  // Writes best.pt.
  std::string SaveBest(const Writer& write);

  // Full checkpoints in `directory`, oldest first.
  static std::vector<std::string> List(const std::string& directory);
  // The newest full checkpoint, if any.
  static std::optional<std::string> Latest(const std::string& directory);

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  int keep_last_;
};

// Loads an archive with a message that names the file and says whether it is
// missing or unreadable (truncated, not a checkpoint).
void LoadArchive(const std::string& path,
                 torch::serialize::InputArchive* archive);

// Loads `path` and hands the archive to `read`. Any error of `read` (a key
// missing, a shape that differs: a checkpoint of other settings, or of an
// older prefctl) is rethrown as std::runtime_error that names the file,
// without LibTorch's backtrace.
void ReadCheckpoint(
    const std::string& path,
    const std::function<void(torch::serialize::InputArchive&)>& read);

// Loads `module` from the entry `key` of `archive`. Module::load replaces each
// tensor whatever its shape, so a checkpoint of other network sizes would only
// fail at the first forward; this throws std::runtime_error naming the first
// parameter or buffer whose shape differs, and leaves `module` as it was.
void LoadModule(torch::serialize::InputArchive& archive, const std::string& key,
                torch::nn::Module& module);

// Small helpers for scalar entries.
void WriteInt(torch::serialize::OutputArchive& archive, const std::string& key,
              int64_t value);
int64_t ReadInt(torch::serialize::InputArchive& archive,
                const std::string& key);

}  // namespace prefctl

#endif  // PREFCTL_CORE_CHECKPOINT_H_
