// Pairwise preference losses on the implicit reward h = log pi_theta(a) -
// log pi_ref(a) of the sampled actions (DESIGN.md 2.4), over the pairs
// (winner w, loser l) that ActionPreferenceConfig selects by critic score:
//   DPO (Rafailov et al. 2023, arXiv 2305.18290):
//     -log sigmoid(beta (h_w - h_l))
//   IPO (Azar et al. 2023, "A General Theoretical Paradigm to Understand
//   Learning from Human Preferences", arXiv 2310.12036):
//     (h_w - h_l - 1 / (2 tau))^2
//   LiPO-lambda (Liu et al. 2024, "LiPO: Listwise Preference Optimization
//   through Learning-to-Rank", arXiv 2402.01878), over all pairs by default:
//     Delta_wl * log(1 + exp(-beta (h_w - h_l)))
//   with LambdaRank weights Delta_wl = |G_w - G_l| |1/D(t_w) - 1/D(t_l)|,
//   gain G = 2^psi - 1 of the normalized score psi, and D(t) = log2(1 + t)
//   of the rank t the policy's own scores beta * h give a sample; the
//   weights carry no gradient.
// DPO keeps pushing h_w - h_l up (its optimum is at infinity for a sure
// preference); IPO regresses it onto a finite target, which is its fix;
// LiPO spends the gradient on pairs whose order matters most for the list.
#ifndef PREFCTL_ALGORITHMS_PAIRWISE_LOSSES_H_
#define PREFCTL_ALGORITHMS_PAIRWISE_LOSSES_H_

#include "algorithms/action_preferences.h"
#include "algorithms/improvement_loss.h"

namespace prefctl {

struct DpoConfig {
  double beta = 0.1;  // The DPO paper's default.
  ActionPreferenceConfig preferences;
};
void ReadConfig(const ConfigNode& node, DpoConfig* config);

class DpoLoss : public ImprovementLoss {
 public:
  explicit DpoLoss(const DpoConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  DpoConfig config_;
};

struct IpoConfig {
  double tau = 0.1;  // The IPO paper's most used regularization.
  ActionPreferenceConfig preferences;
};
void ReadConfig(const ConfigNode& node, IpoConfig* config);

class IpoLoss : public ImprovementLoss {
 public:
  explicit IpoLoss(const IpoConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  IpoConfig config_;
};

struct LipoConfig {
  double beta = 0.1;  // LiPO's beta, as DPO's (the paper's setting).
  // LiPO ranks the whole list: every ordered pair.
  ActionPreferenceConfig preferences{"zscore", "all", 0.5};
};
void ReadConfig(const ConfigNode& node, LipoConfig* config);

class LipoLoss : public ImprovementLoss {
 public:
  explicit LipoLoss(const LipoConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  LipoConfig config_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_PAIRWISE_LOSSES_H_
