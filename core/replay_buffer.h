// Uniform experience replay, preallocated on the configured device.
//
// Storage is one tensor per field, [capacity, ...], written as a ring. Indices
// are drawn on the CPU from the learner's generator (so a run is reproducible
// and resumable whatever the device) and gathered on the device.
#ifndef PREFCTL_CORE_REPLAY_BUFFER_H_
#define PREFCTL_CORE_REPLAY_BUFFER_H_

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/nstep_adder.h"

namespace prefctl {

struct ReplayBatch {
  torch::Tensor observations;       // [B, O]
  torch::Tensor actions;            // [B, A]
  torch::Tensor rewards;            // [B]   n-step discounted sums
  torch::Tensor discounts;          // [B]   gamma^k, 0 after a terminal
  torch::Tensor next_observations;  // [B, O]
};

class ReplayBuffer {
 public:
  ReplayBuffer(int64_t capacity, int observation_size, int action_size,
               torch::Device device);

  // Appends rows [0, batch.count) of `batch`, overwriting the oldest rows
  // once full.
  void Add(const TransitionBatch& batch);

  // `batch_size` rows drawn uniformly with replacement.
  ReplayBatch Sample(int64_t batch_size, torch::Generator& generator) const;

  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  // Rows added since the buffer was made; row r (counted from 0) is stored
  // while r >= rows_added() - size().
  int64_t rows_added() const { return rows_added_; }

  // Replaces the rewards of stored rows [first_row, first_row + count), rows
  // counted as in rows_added(): for relabelling transitions whose reward
  // depends on a judge that has changed since.
  void RewriteRewards(int64_t first_row, const std::vector<float>& rewards);

  // Contents and cursor, for checkpoints (only the filled rows are written).
  void Save(torch::serialize::OutputArchive& archive) const;
  void Load(torch::serialize::InputArchive& archive);

 private:
  void CopyRows(const TransitionBatch& batch, int first_row, int count,
                int64_t position);

  int64_t capacity_;
  int observation_size_, action_size_;
  torch::Device device_;
  int64_t position_ = 0;
  int64_t size_ = 0;
  int64_t rows_added_ = 0;
  torch::Tensor observations_, actions_, rewards_, discounts_,
      next_observations_;
};

}  // namespace prefctl

#endif  // PREFCTL_CORE_REPLAY_BUFFER_H_
