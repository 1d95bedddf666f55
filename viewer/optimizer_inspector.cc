#include "viewer/optimizer_inspector.h"

namespace prefctl {
namespace {

template <typename T>
std::vector<T> ToVector(const torch::Tensor& tensor) {
  const torch::Tensor flat = tensor.contiguous().view(-1);
  return std::vector<T>(flat.data_ptr<T>(), flat.data_ptr<T>() + flat.numel());
}

}  // namespace

OptimizerInspection InspectOptimizer(GaussianPolicy& policy, QEnsemble& critic,
                                     const PmpoConfig& pmpo,
                                     const float* observation,
                                     int observation_size,
                                     const float* executed_action,
                                     int action_size, int num_samples,
                                     torch::Generator& generator) {
  torch::NoGradGuard no_grad;
  const torch::Tensor state =
      torch::from_blob(const_cast<float*>(observation), {1, observation_size},
                       torch::kFloat32)
          .clone();
  const torch::Tensor executed =
      torch::from_blob(const_cast<float*>(executed_action), {1, action_size},
                       torch::kFloat32)
          .clone();
  // As in the learner: unclipped samples from the policy, the critic scores
  // the clipped actions the environment would run.
  const torch::Tensor samples =
      policy->forward(state).Sample(num_samples, generator).squeeze(1);
  const torch::Tensor actions =
      torch::cat({samples.clamp(-1.0, 1.0), executed});
  // One critic forward for the N samples and the executed action.
  const torch::Tensor q = critic->Aggregate(critic->forward(
      state.expand({num_samples + 1, observation_size}).contiguous(), actions));
  const torch::Tensor sample_q = q.slice(0, 0, num_samples).unsqueeze(1);
  const SampleLabels labels = SelectSamples(pmpo, sample_q);

  OptimizerInspection result;
  result.num_samples = num_samples;
  result.action_size = action_size;
  result.actions = ToVector<float>(actions.slice(0, 0, num_samples));
  result.q = ToVector<float>(sample_q);
  result.accepted = ToVector<uint8_t>(labels.accepted.to(torch::kUInt8));
  result.rejected = ToVector<uint8_t>(labels.rejected.to(torch::kUInt8));
  result.accepted_count = labels.accepted.sum().item<int>();
  result.rejected_count = labels.rejected.sum().item<int>();
  result.executed_q = q[num_samples].item<float>();
  return result;
}

}  // namespace prefctl
