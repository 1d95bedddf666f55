#include "algorithms/pairwise_losses.h"

namespace prefctl {
namespace {

// Pairs and h_w - h_l for a pairwise loss, plus the stats all of them report.
struct PairwiseTerms {
  torch::Tensor scores;        // normalized critic scores, [N, B]
  torch::Tensor pair_weights;  // [N, N, B]
  torch::Tensor margins;       // h_i - h_j, [N, N, B]
};

PairwiseTerms MakePairwiseTerms(const ActionPreferenceConfig& config,
                                const ActionSetBatch& batch) {
  const torch::Tensor scores =
      NormalizeScores(batch.q_values, config.normalize);
  return {scores, PreferencePairs(config, scores),
          PairDifferences(LogRatio(batch))};
}

LossOutput PairwiseOutput(const torch::Tensor& loss, const PairwiseTerms& terms,
                          const ActionSetBatch& batch) {
  LossOutput output{loss, {}};
  output.stats.emplace_back("pair_accuracy",
                            PairAccuracy(terms.pair_weights, LogRatio(batch)));
  output.stats.emplace_back("pairs_per_state",
                            terms.pair_weights.sum() / batch.q_values.size(1));
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace

void ReadConfig(const ConfigNode& node, DpoConfig* config) {
  node.Read("beta", &config->beta, Range::Positive());
  ReadConfig(node, &config->preferences);
  node.CheckNoUnknownKeys();
}

LossOutput DpoLoss::Compute(const ActionSetBatch& batch) {
  const PairwiseTerms terms = MakePairwiseTerms(config_.preferences, batch);
  const torch::Tensor loss = MeanOverPairs(
      terms.pair_weights, -torch::log_sigmoid(config_.beta * terms.margins));
  return PairwiseOutput(loss, terms, batch);
}

void ReadConfig(const ConfigNode& node, IpoConfig* config) {
  node.Read("tau", &config->tau, Range::Positive());
  ReadConfig(node, &config->preferences);
  node.CheckNoUnknownKeys();
}

LossOutput IpoLoss::Compute(const ActionSetBatch& batch) {
  const PairwiseTerms terms = MakePairwiseTerms(config_.preferences, batch);
  const torch::Tensor loss = MeanOverPairs(
      terms.pair_weights, (terms.margins - 1.0 / (2.0 * config_.tau)).pow(2));
  return PairwiseOutput(loss, terms, batch);
}

void ReadConfig(const ConfigNode& node, LipoConfig* config) {
  node.Read("beta", &config->beta, Range::Positive());
  ReadConfig(node, &config->preferences);
  node.CheckNoUnknownKeys();
}

LossOutput LipoLoss::Compute(const ActionSetBatch& batch) {
  const PairwiseTerms terms = MakePairwiseTerms(config_.preferences, batch);
  torch::Tensor lambda_weights;
  {
    torch::NoGradGuard no_grad;
    const torch::Tensor gain = torch::pow(2.0, terms.scores) - 1.0;
    // Rank 1 for the sample the policy scores highest.
    const torch::Tensor policy_rank =
        LogRatio(batch)
            .detach()
            .argsort(/*dim=*/int64_t{0}, /*descending=*/true)
            .argsort(/*dim=*/int64_t{0}) +
        1;
    const torch::Tensor inverse_discount =
        1.0 / torch::log2(1.0 + policy_rank.to(gain.dtype()));
    lambda_weights =
        PairDifferences(gain).abs() * PairDifferences(inverse_discount).abs();
  }
  const torch::Tensor loss = MeanOverPairs(
      terms.pair_weights,
      lambda_weights * -torch::log_sigmoid(config_.beta * terms.margins));
  return PairwiseOutput(loss, terms, batch);
}

}  // namespace prefctl
