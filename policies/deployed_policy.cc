#include "policies/deployed_policy.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace prefctl {
namespace {

constexpr char kMagic[8] = {'P', 'F', 'C', 'T', 'L', 'P', 'O', 'L'};
constexpr uint32_t kVersion = 2;
constexpr uint32_t kOldestVersion = 1;
// Version 1 files lack the tanh_mean byte.
constexpr uint32_t kFirstVersionWithTanhMean = 2;
// torch::nn::LayerNorm's default epsilon.
constexpr float kLayerNormEpsilon = 1e-5f;
// A guard against reading a corrupt header as a gigantic network.
constexpr int kMaxWidth = 1 << 20;

void CheckSize(const std::vector<float>& values, size_t expected,
               const std::string& what) {
  if (values.size() != expected) {
    throw std::invalid_argument(what + " has " + std::to_string(values.size()) +
                                " numbers, expected " +
                                std::to_string(expected));
  }
}

class Writer {
 public:
  explicit Writer(std::ofstream* out) : out_(out) {}
  template <typename T>
  void Put(const T& value) {
    out_->write(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void Put(const std::vector<float>& values) {
    out_->write(reinterpret_cast<const char*>(values.data()),
                static_cast<std::streamsize>(values.size() * sizeof(float)));
  }

 private:
  std::ofstream* out_;
};

class Reader {
 public:
  Reader(std::ifstream* in, const std::string& path) : in_(in), path_(path) {}
  void Bytes(char* data, size_t size, const std::string& what) {
    in_->read(data, static_cast<std::streamsize>(size));
    if (static_cast<size_t>(in_->gcount()) != size) {
      Fail("truncated: the file ends inside " + what);
    }
  }
  template <typename T>
  T Get(const std::string& what) {
    T value;
    Bytes(reinterpret_cast<char*>(&value), sizeof(T), what);
    return value;
  }
  int Size(const std::string& what) {
    const int32_t value = Get<int32_t>("the " + what);
    if (value < 1 || value > kMaxWidth) {
      Fail(what + " is " + std::to_string(value) + ", outside [1, " +
           std::to_string(kMaxWidth) + "]");
    }
    return value;
  }
  std::vector<float> Floats(size_t count, const std::string& what) {
    std::vector<float> values(count);
    Bytes(reinterpret_cast<char*>(values.data()), count * sizeof(float), what);
    return values;
  }
  void ExpectEnd() {
    if (in_->peek() != std::char_traits<char>::eof()) {
      Fail("trailing bytes after the mean head's bias");
    }
  }
  [[noreturn]] void Fail(const std::string& message) const {
    throw std::runtime_error(path_ + ": " + message);
  }

 private:
  std::ifstream* in_;
  const std::string& path_;
};

DeployedPolicyWeights::Linear ReadLinear(Reader& reader, int inputs,
                                         int outputs, const std::string& name) {
  DeployedPolicyWeights::Linear linear;
  linear.weight = reader.Floats(static_cast<size_t>(inputs) * outputs,
                                "the " + name + " weight");
  linear.bias = reader.Floats(outputs, "the " + name + " bias");
  return linear;
}

// ELU with alpha 1, as torch::elu.
void Elu(Eigen::VectorXf& x) {
  x = x.unaryExpr([](float v) { return v > 0.0f ? v : std::expm1(v); });
}

}  // namespace

void DeployedPolicyWeights::CheckShapes() const {
  if (observation_size < 1 || action_size < 1 || torso.empty()) {
    throw std::invalid_argument(
        "a deployed policy needs observation and action sizes and at least "
        "one torso layer");
  }
  size_t inputs = observation_size;
  for (size_t i = 0; i < torso.size(); ++i) {
    const std::string name = "torso layer " + std::to_string(i);
    const size_t width = torso[i].bias.size();
    if (width == 0) throw std::invalid_argument(name + " has no units");
    CheckSize(torso[i].weight, inputs * width, name + " weight");
    inputs = width;
  }
  const size_t norm_size = layer_norm_first ? torso[0].bias.size() : 0;
  CheckSize(norm_scale, norm_size, "LayerNorm scale");
  CheckSize(norm_shift, norm_size, "LayerNorm shift");
  CheckSize(mean.weight, inputs * action_size, "mean head weight");
  CheckSize(mean.bias, action_size, "mean head bias");
}

void SaveDeployedPolicy(const DeployedPolicyWeights& weights,
                        const std::string& path) {
  weights.CheckShapes();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(path + ": cannot open for writing");
  Writer writer(&out);
  out.write(kMagic, sizeof(kMagic));
  writer.Put(kVersion);
  writer.Put(static_cast<uint32_t>(weights.task.size()));
  out.write(weights.task.data(),
            static_cast<std::streamsize>(weights.task.size()));
  writer.Put(static_cast<int32_t>(weights.observation_size));
  writer.Put(static_cast<int32_t>(weights.action_size));
  writer.Put(static_cast<uint8_t>(weights.layer_norm_first));
  writer.Put(static_cast<uint8_t>(weights.tanh_mean));
  writer.Put(static_cast<int32_t>(weights.torso.size()));
  for (const DeployedPolicyWeights::Linear& layer : weights.torso) {
    writer.Put(static_cast<int32_t>(layer.bias.size()));
  }
  for (const DeployedPolicyWeights::Linear& layer : weights.torso) {
    writer.Put(layer.weight);
    writer.Put(layer.bias);
  }
  writer.Put(weights.norm_scale);
  writer.Put(weights.norm_shift);
  writer.Put(weights.mean.weight);
  writer.Put(weights.mean.bias);
  out.close();
  if (!out) throw std::runtime_error(path + ": writing failed");
}

DeployedPolicyWeights LoadDeployedPolicyWeights(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error(path +
                             ": cannot open (write one with prefctl export)");
  }
  Reader reader(&in, path);
  char magic[sizeof(kMagic)];
  reader.Bytes(magic, sizeof(magic), "the header");
  if (std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
    reader.Fail("not a prefctl policy file (written by prefctl export)");
  }
  const uint32_t version = reader.Get<uint32_t>("the header");
  if (version < kOldestVersion || version > kVersion) {
    reader.Fail("policy file version " + std::to_string(version) +
                ", this library reads versions " +
                std::to_string(kOldestVersion) + " to " +
                std::to_string(kVersion));
  }
  DeployedPolicyWeights weights;
  const uint32_t task_size = reader.Get<uint32_t>("the task name");
  if (task_size > 4096)
    reader.Fail("task name of " + std::to_string(task_size) + " bytes");
  weights.task.resize(task_size);
  reader.Bytes(weights.task.data(), task_size, "the task name");
  weights.observation_size = reader.Size("observation size");
  weights.action_size = reader.Size("action size");
  weights.layer_norm_first = reader.Get<uint8_t>("the header") != 0;
  if (version >= kFirstVersionWithTanhMean) {
    weights.tanh_mean = reader.Get<uint8_t>("the header") != 0;
  }
  const int layers = reader.Size("number of hidden layers");
  std::vector<int> widths;
  for (int i = 0; i < layers; ++i) {
    widths.push_back(reader.Size("hidden width " + std::to_string(i)));
  }
  int inputs = weights.observation_size;
  for (int i = 0; i < layers; ++i) {
    weights.torso.push_back(ReadLinear(reader, inputs, widths[i],
                                       "torso layer " + std::to_string(i)));
    inputs = widths[i];
  }
  if (weights.layer_norm_first) {
    weights.norm_scale = reader.Floats(widths[0], "the LayerNorm scale");
    weights.norm_shift = reader.Floats(widths[0], "the LayerNorm shift");
  }
  weights.mean = ReadLinear(reader, inputs, weights.action_size, "mean head");
  reader.ExpectEnd();
  return weights;
}

DeployedPolicy::DeployedPolicy(const DeployedPolicyWeights& weights)
    : task_(weights.task),
      observation_size_(weights.observation_size),
      action_size_(weights.action_size),
      layer_norm_first_(weights.layer_norm_first),
      tanh_mean_(weights.tanh_mean) {
  weights.CheckShapes();
  int inputs = observation_size_;
  for (size_t i = 0; i < weights.torso.size(); ++i) {
    const int outputs = static_cast<int>(weights.torso[i].bias.size());
    torso_weights_.push_back(Eigen::Map<const RowMajorMatrix>(
        weights.torso[i].weight.data(), outputs, inputs));
    torso_biases_.push_back(Eigen::Map<const Eigen::VectorXf>(
        weights.torso[i].bias.data(), outputs));
    activations_.emplace_back(outputs);
    inputs = outputs;
  }
  if (layer_norm_first_) {
    const int width = static_cast<int>(weights.norm_scale.size());
    norm_scale_ =
        Eigen::Map<const Eigen::VectorXf>(weights.norm_scale.data(), width);
    norm_shift_ =
        Eigen::Map<const Eigen::VectorXf>(weights.norm_shift.data(), width);
  }
  mean_weight_ = Eigen::Map<const RowMajorMatrix>(weights.mean.weight.data(),
                                                  action_size_, inputs);
  mean_bias_ =
      Eigen::Map<const Eigen::VectorXf>(weights.mean.bias.data(), action_size_);
  input_.resize(observation_size_);
  output_.resize(action_size_);
}

DeployedPolicy DeployedPolicy::Load(const std::string& path) {
  return DeployedPolicy(LoadDeployedPolicyWeights(path));
}

void DeployedPolicy::Act(const float* observation, float* action) {
  input_ = Eigen::Map<const Eigen::VectorXf>(observation, observation_size_);
  const Eigen::VectorXf* x = &input_;
  for (size_t i = 0; i < torso_weights_.size(); ++i) {
    Eigen::VectorXf& y = activations_[i];
    y.noalias() = torso_weights_[i] * *x;
    y += torso_biases_[i];
    if (i == 0 && layer_norm_first_) {
      const float mean = y.mean();
      const float variance = (y.array() - mean).square().mean();
      const float inverse = 1.0f / std::sqrt(variance + kLayerNormEpsilon);
      y = (((y.array() - mean) * inverse) * norm_scale_.array() +
           norm_shift_.array())
              .tanh()
              .matrix();
    } else {
      Elu(y);
    }
    x = &y;
  }
  output_.noalias() = mean_weight_ * *x;
  output_ += mean_bias_;
  if (tanh_mean_) output_ = output_.array().tanh().matrix();
  Eigen::Map<Eigen::VectorXf>(action, action_size_) =
      output_.cwiseMax(-1.0f).cwiseMin(1.0f);
}

}  // namespace prefctl
