#include "policies/gaussian_policy.h"

#include <cmath>
#include <utility>

namespace prefctl {

void ReadConfig(const ConfigNode& node, PolicyNetworkConfig* config) {
  node.Read("hidden", &config->hidden, Range::Closed(1, 1 << 16));
  if (config->hidden.empty())
    node.Fail("hidden", "must list at least one layer");
  node.Read("layer_norm_first", &config->layer_norm_first);
  node.Read("min_stddev", &config->min_stddev, Range::Positive());
  node.Read("init_stddev", &config->init_stddev, Range::Positive());
  node.Read("tanh_mean", &config->tanh_mean);
  if (config->init_stddev <= config->min_stddev) {
    node.Fail("init_stddev", "must be greater than min_stddev");
  }
  node.CheckNoUnknownKeys();
}

GaussianPolicyImpl::GaussianPolicyImpl(const PolicyNetworkConfig& config,
                                       int observation_size, int action_size)
    : config_(config) {
  int inputs = observation_size;
  for (size_t i = 0; i < config.hidden.size(); ++i) {
    layers_.push_back(
        register_module("layer" + std::to_string(i),
                        torch::nn::Linear(inputs, config.hidden[i])));
    inputs = config.hidden[i];
  }
  if (config.layer_norm_first) {
    layer_norm_ = register_module(
        "layer_norm",
        torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hidden[0]})));
  }
  mean_head_ = register_module("mean", torch::nn::Linear(inputs, action_size));
  stddev_head_ =
      register_module("stddev", torch::nn::Linear(inputs, action_size));
  // Small final weights start the policy near mean 0, stddev init_stddev
  // whatever the observation, as Acme's heads do.
  torch::NoGradGuard no_grad;
  mean_head_->weight.mul_(1e-2);
  mean_head_->bias.zero_();
  stddev_head_->weight.mul_(1e-2);
  stddev_head_->bias.zero_();
  const double target = config.init_stddev - config.min_stddev;
  stddev_offset_ = std::log(std::expm1(target));  // softplus^-1
}

DiagGaussian GaussianPolicyImpl::forward(const torch::Tensor& observations) {
  torch::Tensor x = layers_[0]->forward(observations);
  x = config_.layer_norm_first ? torch::tanh(layer_norm_->forward(x))
                               : torch::elu(x);
  for (size_t i = 1; i < layers_.size(); ++i) {
    x = torch::elu(layers_[i]->forward(x));
  }
  torch::Tensor mean = mean_head_->forward(x);
  if (config_.tanh_mean) mean = torch::tanh(mean);
  return DiagGaussian{
      std::move(mean),
      torch::softplus(stddev_head_->forward(x) + stddev_offset_) +
          config_.min_stddev};
}

namespace {

std::vector<float> Floats(const torch::Tensor& tensor) {
  const torch::Tensor flat = tensor.detach().to(torch::kCPU).contiguous();
  return std::vector<float>(flat.data_ptr<float>(),
                            flat.data_ptr<float>() + flat.numel());
}

DeployedPolicyWeights::Linear Deployed(const torch::nn::Linear& layer) {
  return {Floats(layer->weight), Floats(layer->bias)};
}

}  // namespace

DeployedPolicyWeights GaussianPolicyImpl::ToDeployed(
    const std::string& task) const {
  DeployedPolicyWeights weights;
  weights.task = task;
  weights.observation_size = static_cast<int>(layers_[0]->weight.size(1));
  weights.action_size = static_cast<int>(mean_head_->weight.size(0));
  weights.layer_norm_first = config_.layer_norm_first;
  weights.tanh_mean = config_.tanh_mean;
  for (const torch::nn::Linear& layer : layers_) {
    weights.torso.push_back(Deployed(layer));
  }
  if (config_.layer_norm_first) {
    weights.norm_scale = Floats(layer_norm_->weight);
    weights.norm_shift = Floats(layer_norm_->bias);
  }
  weights.mean = Deployed(mean_head_);
  return weights;
}

}  // namespace prefctl
