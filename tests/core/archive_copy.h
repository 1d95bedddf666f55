// Rewriting a checkpoint archive as an older prefctl wrote it: a copy with
// some entries left out, for the tests that resume older checkpoints.
#ifndef PREFCTL_TESTS_CORE_ARCHIVE_COPY_H_
#define PREFCTL_TESTS_CORE_ARCHIVE_COPY_H_

#include <torch/torch.h>

#include <set>
#include <string>

namespace prefctl {

// Copies `from` into `to`, nested archives included, leaving out the entries
// named in `left_out` ("outer/inner").
inline void CopyArchiveWithout(torch::serialize::InputArchive& from,
                               torch::serialize::OutputArchive& to,
                               const std::set<std::string>& left_out,
                               const std::string& prefix = "") {
  for (const std::string& key : from.keys()) {
    if (left_out.count(prefix + key) > 0) continue;
    torch::Tensor tensor;
    torch::serialize::InputArchive inner;
    c10::IValue value;  // The optimizers' step counts and sizes.
    if (from.try_read(key, tensor)) {
      to.write(key, tensor);
    } else if (from.try_read(key, inner)) {
      torch::serialize::OutputArchive inner_copy;
      CopyArchiveWithout(inner, inner_copy, left_out, prefix + key + "/");
      to.write(key, inner_copy);
    } else if (from.try_read(key, value)) {
      to.write(key, value);
    }
  }
}

}  // namespace prefctl

#endif  // PREFCTL_TESTS_CORE_ARCHIVE_COPY_H_
