// A trained policy for a robot's control loop: the Gaussian policy's mean
// action, clipped to [-1, 1] as `prefctl eval` acts, computed with Eigen
// alone (no LibTorch) and without allocating per call. `prefctl export`
// writes its file from a checkpoint; docs/deploying.md shows the loop and
// how a control stack links `prefctl::deployed_policy` from an install.
//
//   prefctl::DeployedPolicy policy =
//       prefctl::DeployedPolicy::Load("cartpole_policy.bin");
//   policy.Act(observation, action);  // float[observation_size()] in,
//                                     // float[action_size()] out
//
// File format (little-endian): the 8 bytes "PFCTLPOL", uint32 version (2),
// uint32 task name length and its bytes, int32 observation size, int32
// action size, uint8 layer_norm_first, uint8 tanh_mean (not in version 1
// files, which load with tanh_mean false), int32 number of hidden layers
// and their int32 widths; then float32 arrays: each hidden layer's weight
// (outputs x inputs, row-major) and bias, the LayerNorm scale and shift
// (when layer_norm_first), the mean head's weight and bias.
#ifndef PREFCTL_POLICIES_DEPLOYED_POLICY_H_
#define PREFCTL_POLICIES_DEPLOYED_POLICY_H_

#include <Eigen/Core>
#include <string>
#include <vector>

namespace prefctl {

// The numbers of a policy network that the mean action needs: the torso and
// the mean head (the stddev head is only for exploration).
struct DeployedPolicyWeights {
  struct Linear {
    std::vector<float> weight;  // outputs x inputs, row-major
    std::vector<float> bias;    // outputs
  };
  std::string task;
  int observation_size = 0;
  int action_size = 0;
  // LayerNorm then tanh after the first layer, ELU after the others; ELU
  // everywhere when false (PolicyNetworkConfig::layer_norm_first).
  bool layer_norm_first = true;
  bool tanh_mean = false;     // PolicyNetworkConfig::tanh_mean
  std::vector<Linear> torso;  // the hidden layers; widths from their biases
  std::vector<float> norm_scale, norm_shift;  // torso[0]'s width, or empty
  Linear mean;

  // Throws std::invalid_argument naming the first array whose size does not
  // match the sizes above.
  void CheckShapes() const;
};

// Writes `weights` to `path`; throws std::runtime_error naming the file when
// it cannot be written.
void SaveDeployedPolicy(const DeployedPolicyWeights& weights,
                        const std::string& path);
// Reads a file written by SaveDeployedPolicy (this version or version 1);
// throws std::runtime_error naming the file and what is wrong (missing, not
// a policy file, another version, truncated, trailing bytes).
DeployedPolicyWeights LoadDeployedPolicyWeights(const std::string& path);

class DeployedPolicy {
 public:
  explicit DeployedPolicy(const DeployedPolicyWeights& weights);
  static DeployedPolicy Load(const std::string& path);

  const std::string& task() const { return task_; }
  int observation_size() const { return observation_size_; }
  int action_size() const { return action_size_; }

  // The mean action for one observation, clipped to [-1, 1]. Allocates
  // nothing: every intermediate lives in buffers sized at construction.
  void Act(const float* observation, float* action);

 private:
  using RowMajorMatrix =
      Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  std::string task_;
  int observation_size_ = 0;
  int action_size_ = 0;
  bool layer_norm_first_ = true;
  bool tanh_mean_ = false;
  std::vector<RowMajorMatrix> torso_weights_;
  std::vector<Eigen::VectorXf> torso_biases_;
  Eigen::VectorXf norm_scale_, norm_shift_;
  RowMajorMatrix mean_weight_;
  Eigen::VectorXf mean_bias_;
  Eigen::VectorXf input_;
  std::vector<Eigen::VectorXf> activations_;  // one per torso layer
  Eigen::VectorXf output_;
};

}  // namespace prefctl

#endif  // PREFCTL_POLICIES_DEPLOYED_POLICY_H_
