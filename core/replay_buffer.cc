#include "core/replay_buffer.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace prefctl {
namespace {

torch::Tensor CpuView(const std::vector<float>& values, int64_t first_row,
                      int64_t rows, int64_t width) {
  // from_blob does not copy; the caller copies into device storage at once.
  return torch::from_blob(const_cast<float*>(values.data()) + first_row * width,
                          {rows, width}, torch::kFloat32);
}

}  // namespace

ReplayBuffer::ReplayBuffer(int64_t capacity, int observation_size,
                           int action_size, torch::Device device)
    : capacity_(capacity),
      observation_size_(observation_size),
      action_size_(action_size),
      device_(device) {
  if (capacity < 1) throw std::invalid_argument("replay capacity must be >= 1");
  const auto options =
      torch::TensorOptions().dtype(torch::kFloat32).device(device);
  observations_ = torch::zeros({capacity, observation_size}, options);
  actions_ = torch::zeros({capacity, action_size}, options);
  rewards_ = torch::zeros({capacity, 1}, options);
  discounts_ = torch::zeros({capacity, 1}, options);
  next_observations_ = torch::zeros({capacity, observation_size}, options);
}

void ReplayBuffer::CopyRows(const TransitionBatch& batch, int first_row,
                            int count, int64_t position) {
  torch::NoGradGuard no_grad;
  auto store = [&](torch::Tensor& storage, const std::vector<float>& values,
                   int64_t width) {
    storage.narrow(0, position, count)
        .copy_(CpuView(values, first_row, count, width));
  };
  store(observations_, batch.observations, observation_size_);
  store(actions_, batch.actions, action_size_);
  store(rewards_, batch.rewards, 1);
  store(discounts_, batch.discounts, 1);
  store(next_observations_, batch.next_observations, observation_size_);
}

void ReplayBuffer::Add(const TransitionBatch& batch) {
  if (batch.observation_size != observation_size_ ||
      batch.action_size != action_size_) {
    throw std::invalid_argument("transition sizes do not match the replay");
  }
  int done = 0;
  while (done < batch.count) {
    const int chunk = static_cast<int>(
        std::min<int64_t>(batch.count - done, capacity_ - position_));
    CopyRows(batch, done, chunk, position_);
    done += chunk;
    position_ = (position_ + chunk) % capacity_;
    size_ = std::min(size_ + chunk, capacity_);
  }
  rows_added_ += batch.count;
}

void ReplayBuffer::RewriteRewards(int64_t first_row,
                                  const std::vector<float>& rewards) {
  const int64_t count = static_cast<int64_t>(rewards.size());
  if (first_row < rows_added_ - size_ || first_row + count > rows_added_) {
    throw std::out_of_range("rewriting rows [" + std::to_string(first_row) +
                            ", " + std::to_string(first_row + count) +
                            ") of a replay that holds [" +
                            std::to_string(rows_added_ - size_) + ", " +
                            std::to_string(rows_added_) + ")");
  }
  torch::NoGradGuard no_grad;
  int64_t done = 0;
  while (done < count) {
    // Row rows_added_ - k sits k rows before position_, and the check above
    // keeps k within [1, size_].
    const int64_t rows_back = rows_added_ - (first_row + done);
    const int64_t position = (position_ - rows_back + capacity_) % capacity_;
    const int64_t chunk = std::min(count - done, capacity_ - position);
    rewards_.narrow(0, position, chunk).copy_(CpuView(rewards, done, chunk, 1));
    done += chunk;
  }
}

ReplayBatch ReplayBuffer::Sample(int64_t batch_size,
                                 torch::Generator& generator) const {
  if (size_ == 0) throw std::logic_error("sampling from an empty replay");
  const torch::Tensor indices =
      torch::randint(size_, {batch_size}, generator,
                     torch::TensorOptions().dtype(torch::kInt64))
          .to(device_);
  return ReplayBatch{observations_.index_select(0, indices),
                     actions_.index_select(0, indices),
                     rewards_.index_select(0, indices).squeeze(1),
                     discounts_.index_select(0, indices).squeeze(1),
                     next_observations_.index_select(0, indices)};
}

void ReplayBuffer::Save(torch::serialize::OutputArchive& archive) const {
  archive.write("position", torch::tensor(position_));
  archive.write("size", torch::tensor(size_));
  archive.write("rows_added", torch::tensor(rows_added_));
  archive.write("observations", observations_.narrow(0, 0, size_).cpu());
  archive.write("actions", actions_.narrow(0, 0, size_).cpu());
  archive.write("rewards", rewards_.narrow(0, 0, size_).cpu());
  archive.write("discounts", discounts_.narrow(0, 0, size_).cpu());
  archive.write("next_observations",
                next_observations_.narrow(0, 0, size_).cpu());
}

void ReplayBuffer::Load(torch::serialize::InputArchive& archive) {
  torch::NoGradGuard no_grad;
  torch::Tensor position, size, rows_added;
  archive.read("position", position);
  archive.read("size", size);
  const int64_t loaded_size = size.item<int64_t>();
  if (loaded_size > capacity_) {
    throw std::runtime_error("checkpoint replay holds " +
                             std::to_string(loaded_size) +
                             " rows, more than the configured capacity " +
                             std::to_string(capacity_));
  }
  auto restore = [&](const char* key, torch::Tensor& storage) {
    torch::Tensor rows;
    archive.read(key, rows);
    storage.narrow(0, 0, loaded_size).copy_(rows);
  };
  restore("observations", observations_);
  restore("actions", actions_);
  restore("rewards", rewards_);
  restore("discounts", discounts_);
  restore("next_observations", next_observations_);
  size_ = loaded_size;
  position_ = position.item<int64_t>() % capacity_;
  // Checkpoints from before `rows_added` existed count the rows they hold.
  rows_added_ = archive.try_read("rows_added", rows_added)
                    ? rows_added.item<int64_t>()
                    : size_;
}

}  // namespace prefctl
