#include "algorithms/pmpo_loss.h"

#include <cmath>

namespace prefctl {

void ReadConfig(const ConfigNode& node, PmpoConfig* config) {
  node.Read("alpha", &config->alpha, Range::Closed(0.0, 1.0));
  node.Read("beta", &config->beta, Range::AtLeast(0.0));
  node.ReadChoice("selection", &config->selection,
                  {"top_fraction", "advantage_sign", "threshold"});
  const Range fraction{0.0, 1.0, false, true};
  node.Read("accept_fraction", &config->accept_fraction, fraction);
  node.Read("reject_fraction", &config->reject_fraction, fraction);
  node.Read("accept_threshold", &config->accept_threshold);
  node.Read("reject_threshold", &config->reject_threshold);
  node.ReadChoice("kl", &config->kl, {"whole", "decoupled"});
  node.Read("beta_mean", &config->beta_mean, Range::AtLeast(0.0));
  node.Read("beta_stddev", &config->beta_stddev, Range::AtLeast(0.0));
  node.ReadChoice("log_prob", &config->log_prob, {"joint", "decoupled"});
  node.Read("rejected_log_prob_floor", &config->rejected_log_prob_floor);
  node.Read("action_penalty_weight", &config->action_penalty_weight,
            Range::AtLeast(0.0));
  // -inf (off) or any finite number of nats.
  node.Read("min_entropy_per_dim", &config->min_entropy_per_dim,
            Range{std::nullopt, std::numeric_limits<double>::infinity(), true,
                  false});
  node.CheckNoUnknownKeys();
}

SampleLabels AboveAndBelowMean(const torch::Tensor& score) {
  torch::NoGradGuard no_grad;
  const torch::Tensor advantage = score - score.mean(0, /*keepdim=*/true);
  return {(advantage > 0).to(score.dtype()), (advantage < 0).to(score.dtype())};
}

SampleLabels SelectSamples(const PmpoConfig& config, const torch::Tensor& q) {
  torch::NoGradGuard no_grad;
  if (config.selection == "advantage_sign") return AboveAndBelowMean(q);
  if (config.selection == "threshold") {
    return {(q >= config.accept_threshold).to(q.dtype()),
            (q <= config.reject_threshold).to(q.dtype())};
  }
  // Rank of each sample within its state, 0 = highest Q.
  const int64_t n = q.size(0);
  const torch::Tensor order = q.argsort(0, /*descending=*/true);
  const torch::Tensor ranks = torch::empty_like(order).scatter_(
      0, order,
      torch::arange(n, order.options()).unsqueeze(1).expand_as(order));
  const int64_t accepted = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(config.accept_fraction * n - 1e-9)));
  const int64_t rejected = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(config.reject_fraction * n - 1e-9)));
  return {(ranks < accepted).to(q.dtype()),
          (ranks >= n - rejected).to(q.dtype())};
}

bool PmpoLoss::HasEntropyBound() const {
  return std::isfinite(config_.min_entropy_per_dim);
}

void PmpoLoss::Prepare(int64_t /*action_size*/, torch::Device device) {
  if (HasEntropyBound())
    raw_entropy_multiplier_ = NewRawDual(kMinRawDual, 1, device);
}

std::vector<torch::Tensor> PmpoLoss::DualParameters() {
  if (!HasEntropyBound()) return {};
  return {raw_entropy_multiplier_};
}

LossOutput PmpoLoss::Compute(const ActionSetBatch& batch) {
  TORCH_CHECK(!HasEntropyBound() || raw_entropy_multiplier_.defined(),
              "PmpoLoss::Prepare must be called before Compute when "
              "min_entropy_per_dim is set");
  SampleLabels labels = SelectSamples(config_, batch.q_values);
  if (batch.accepted.defined())
    labels.accepted = batch.accepted.to(batch.q_values.dtype());
  if (batch.rejected.defined())
    labels.rejected = batch.rejected.to(batch.q_values.dtype());
  const torch::Tensor log_prob = config_.log_prob == "decoupled"
                                     ? Decouple(batch).LogProb(batch.actions)
                                     : batch.log_prob_policy;
  LossOutput output;
  // alpha * E_accepted[log pi] - (1 - alpha) * E_rejected[log pi], each
  // expectation over its set as a whole (the sets are unpaired); the two
  // expectations go to `stats` when given.
  const auto preference = [&](const SampleLabels& set, LossStats* stats) {
    const torch::Tensor accepted_log_prob =
        (set.accepted * log_prob).sum() / set.accepted.sum().clamp_min(1.0);
    const torch::Tensor rejected_log_prob =
        (set.rejected * log_prob.clamp_min(config_.rejected_log_prob_floor))
            .sum() /
        set.rejected.sum().clamp_min(1.0);
    if (stats != nullptr) {
      stats->emplace_back("accepted_log_prob", accepted_log_prob.detach());
      stats->emplace_back("rejected_log_prob", rejected_log_prob.detach());
    }
    return config_.alpha * accepted_log_prob -
           (1.0 - config_.alpha) * rejected_log_prob;
  };
  torch::Tensor objective = preference(labels, &output.stats);
  output.stats.emplace_back("accepted_fraction", labels.accepted.mean());
  output.stats.emplace_back("rejected_fraction", labels.rejected.mean());
  if (config_.action_penalty_weight > 0.0) {
    const SampleLabels inside = AboveAndBelowMean(-ActionExcess(batch.actions));
    objective =
        objective + config_.action_penalty_weight * preference(inside, nullptr);
    output.stats.emplace_back("penalty_rejected_fraction",
                              inside.rejected.mean());
  }
  torch::Tensor kl_penalty;
  if (config_.kl == "decoupled") {
    kl_penalty =
        config_.beta_mean * KLMean(batch.reference, batch.policy).mean() +
        config_.beta_stddev * KLStddev(batch.reference, batch.policy).mean();
  } else {
    kl_penalty = config_.beta * KL(batch.reference, batch.policy).mean();
  }
  torch::Tensor dual_loss = torch::zeros({}, objective.options());
  if (HasEntropyBound()) {
    ClampRawDuals({raw_entropy_multiplier_});
    const torch::Tensor entropy = batch.policy.Entropy().mean();
    const torch::Tensor multiplier =
        PositiveDual(raw_entropy_multiplier_).squeeze();
    const double bound = config_.min_entropy_per_dim *
                         static_cast<double>(batch.policy.mean.size(-1));
    // At its floor the multiplier (2.5e-8) would change only the gradients'
    // rounding; leaving the term out there keeps a run bit-identical to an
    // unbounded one until its entropy first reaches the bound.
    const torch::Tensor applied =
        torch::where(raw_entropy_multiplier_.squeeze() > kMinRawDual,
                     multiplier.detach(), torch::zeros_like(multiplier));
    objective = objective + applied * entropy;
    // Grows the multiplier while the entropy is below the bound, shrinks it
    // above.
    dual_loss = multiplier * (entropy.detach() - bound);
    output.stats.emplace_back("entropy_multiplier", multiplier.detach());
  }
  output.loss = -(objective - kl_penalty) + dual_loss;
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace prefctl
