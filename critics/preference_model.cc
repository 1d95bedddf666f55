#include "critics/preference_model.h"

namespace prefctl {
namespace {

// Steps of all trajectories as rows [S, O + A] and each row's trajectory.
struct StepFeatures {
  torch::Tensor features;  // [S, O + A]
  torch::Tensor segments;  // [S] int64
  int64_t count = 0;       // trajectories
};

StepFeatures Gather(const std::vector<const Trajectory*>& trajectories,
                    int observation_size, int action_size) {
  int64_t rows = 0;
  for (const Trajectory* trajectory : trajectories) rows += trajectory->steps();
  const int width = observation_size + action_size;
  torch::Tensor features = torch::empty({rows, width});
  torch::Tensor segments = torch::empty({rows}, torch::kInt64);
  float* out = features.data_ptr<float>();
  int64_t* segment = segments.data_ptr<int64_t>();
  int64_t row = 0;
  for (size_t i = 0; i < trajectories.size(); ++i) {
    const Trajectory& trajectory = *trajectories[i];
    for (int t = 0; t < trajectory.steps(); ++t, ++row) {
      std::copy_n(trajectory.observation(t), observation_size,
                  out + row * width);
      std::copy_n(trajectory.action(t), action_size,
                  out + row * width + observation_size);
      segment[row] = static_cast<int64_t>(i);
    }
  }
  return {features, segments, static_cast<int64_t>(trajectories.size())};
}

}  // namespace

void ReadConfig(const ConfigNode& node, PreferenceModelConfig* config) {
  node.ReadChoice("type", &config->type, {"bradley_terry", "gpm"});
  node.Read("hidden", &config->hidden);
  node.Read("embedding_pairs", &config->embedding_pairs, Range::AtLeast(1));
  node.Read("temperature", &config->temperature, Range::Positive());
  node.Read("learning_rate", &config->learning_rate, Range::Positive());
  node.Read("fit_steps", &config->fit_steps, Range::AtLeast(1));
  node.Read("batch_size", &config->batch_size, Range::AtLeast(1));
  node.CheckNoUnknownKeys();
}

PreferenceModelImpl::PreferenceModelImpl(const PreferenceModelConfig& config,
                                         int observation_size, int action_size)
    : config_(config),
      observation_size_(observation_size),
      action_size_(action_size) {
  int in = observation_size + action_size;
  std::vector<int> sizes = config.hidden;
  sizes.push_back(config.type == "gpm" ? 2 * config.embedding_pairs : 1);
  for (size_t i = 0; i < sizes.size(); ++i) {
    layers_.push_back(register_module("layer" + std::to_string(i),
                                      torch::nn::Linear(in, sizes[i])));
    in = sizes[i];
  }
  if (config.type == "gpm") {
    gate_logits_ = register_parameter("gate_logits",
                                      torch::zeros({config.embedding_pairs}));
  }
}

torch::Tensor PreferenceModelImpl::StepOutputs(const torch::Tensor& features) {
  torch::Tensor x = features;
  for (size_t i = 0; i < layers_.size(); ++i) {
    x = layers_[i](x);
    if (i + 1 < layers_.size()) x = torch::elu(x);
  }
  return x;
}

torch::Tensor PreferenceModelImpl::Encode(
    const std::vector<const Trajectory*>& trajectories) {
  const StepFeatures steps =
      Gather(trajectories, observation_size_, action_size_);
  const torch::Tensor outputs = StepOutputs(steps.features);
  torch::Tensor pooled =
      torch::zeros({steps.count, outputs.size(1)}, outputs.options())
          .index_add(0, steps.segments, outputs);
  if (config_.type == "bradley_terry") return pooled;  // summed rewards
  // The mean and the unit norm: only the direction carries preference.
  return torch::nn::functional::normalize(
      pooled, torch::nn::functional::NormalizeFuncOptions().dim(1));
}

torch::Tensor PreferenceModelImpl::Logits(const torch::Tensor& first,
                                          const torch::Tensor& second) const {
  if (config_.type == "bradley_terry") return (first - second).squeeze(1);
  const torch::Tensor a = first.view({first.size(0), -1, 2});
  const torch::Tensor b = second.view({second.size(0), -1, 2});
  // <R v_a, v_b> per 2-D block: lambda (a_0 b_1 - a_1 b_0).
  const torch::Tensor cross =
      a.select(2, 0) * b.select(2, 1) - a.select(2, 1) * b.select(2, 0);
  const torch::Tensor lambda = torch::softmax(gate_logits_, 0);
  return (cross * lambda).sum(1) / config_.temperature;
}

torch::Tensor PreferenceModelImpl::StepRewards(const Trajectory& trajectory) {
  const StepFeatures steps =
      Gather({&trajectory}, observation_size_, action_size_);
  return StepOutputs(steps.features).squeeze(1);
}

double PreferenceModelImpl::Probability(const Trajectory& a,
                                        const Trajectory& b) {
  torch::NoGradGuard no_grad;
  const torch::Tensor encoded = Encode({&a, &b});
  return torch::sigmoid(Logits(encoded.slice(0, 0, 1), encoded.slice(0, 1, 2)))
      .item<double>();
}

double FitPreferenceModel(PreferenceModel& model,
                          const PreferenceDataset& dataset,
                          torch::Generator& generator) {
  const PreferenceModelConfig& config = model->config();
  if (dataset.comparisons.empty()) return 0.0;
  std::vector<const Trajectory*> trajectories;
  for (const Trajectory& trajectory : dataset.trajectories) {
    trajectories.push_back(&trajectory);
  }
  const int64_t n = static_cast<int64_t>(dataset.comparisons.size());
  torch::Tensor first = torch::empty({n}, torch::kInt64);
  torch::Tensor second = torch::empty({n}, torch::kInt64);
  torch::Tensor labels = torch::empty({n});
  for (int64_t i = 0; i < n; ++i) {
    first[i] = dataset.comparisons[i].first;
    second[i] = dataset.comparisons[i].second;
    labels[i] = dataset.comparisons[i].preference;
  }
  torch::optim::Adam optimizer(model->parameters(),
                               torch::optim::AdamOptions(config.learning_rate));
  double tail_loss = 0.0;
  const int tail = std::max(1, config.fit_steps / 10);
  for (int step = 0; step < config.fit_steps; ++step) {
    const torch::Tensor batch = torch::randint(
        n, {std::min<int64_t>(config.batch_size, n)}, generator, torch::kInt64);
    const torch::Tensor encoded = model->Encode(trajectories);
    const torch::Tensor logits =
        model->Logits(encoded.index_select(0, first.index_select(0, batch)),
                      encoded.index_select(0, second.index_select(0, batch)));
    const torch::Tensor loss = torch::binary_cross_entropy_with_logits(
        logits, labels.index_select(0, batch));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (step >= config.fit_steps - tail)
      tail_loss += loss.item<double>() / tail;
  }
  return tail_loss;
}

double PreferenceAccuracy(PreferenceModel& model,
                          const PreferenceDataset& dataset) {
  torch::NoGradGuard no_grad;
  std::vector<const Trajectory*> trajectories;
  for (const Trajectory& trajectory : dataset.trajectories) {
    trajectories.push_back(&trajectory);
  }
  const torch::Tensor encoded = model->Encode(trajectories);
  int correct = 0, counted = 0;
  for (const Comparison& comparison : dataset.comparisons) {
    if (comparison.preference == 0.5) continue;
    const double logit =
        model
            ->Logits(encoded.slice(0, comparison.first, comparison.first + 1),
                     encoded.slice(0, comparison.second, comparison.second + 1))
            .item<double>();
    ++counted;
    if ((logit > 0) == (comparison.preference > 0.5)) ++correct;
  }
  return counted > 0 ? static_cast<double>(correct) / counted : 0.0;
}

}  // namespace prefctl
