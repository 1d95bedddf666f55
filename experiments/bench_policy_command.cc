// `prefctl bench-policy --obs O --act A --hidden H --layers L [--steps S]
//  [--rounds R]`: one action per call, as a control loop asks for it, from
// DeployedPolicy (Eigen) and from the same network's forward in LibTorch
// (no grad, one thread), in alternating rounds, the best round of each kept;
// one JSON line with both rates and their ratio.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/compute_setup.h"
#include "experiments/commands.h"
#include "policies/deployed_policy.h"
#include "policies/gaussian_policy.h"

namespace prefctl {
namespace {

// Calls per second of `act` over `steps` calls.
template <typename Act>
double CallsPerSecond(int steps, Act act) {
  const auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < steps; ++step) act(step);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return steps / seconds;
}

}  // namespace

void RegisterBenchPolicyCommand(CLI::App* app) {
  struct Options {
    int obs = 17, act = 6, hidden = 256, layers = 2, steps = 5000, rounds = 5;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "bench-policy",
      "Time single-observation actions: DeployedPolicy against LibTorch");
  command->add_option("--obs", o->obs, "observation size")
      ->check(CLI::Range(1, 4096));
  command->add_option("--act", o->act, "action size")
      ->check(CLI::Range(1, 4096));
  command->add_option("--hidden", o->hidden, "hidden width")
      ->check(CLI::Range(1, 1 << 16));
  command->add_option("--layers", o->layers, "hidden layers")
      ->check(CLI::Range(1, 64));
  command->add_option("--steps", o->steps, "actions per round")
      ->check(CLI::Range(1, 10000000));
  command->add_option("--rounds", o->rounds, "rounds of each")
      ->check(CLI::Range(1, 1000));
  command->callback([o] {
    SetUpCompute(1);
    torch::manual_seed(0);
    PolicyNetworkConfig config;
    config.hidden.assign(o->layers, o->hidden);
    GaussianPolicy policy(config, o->obs, o->act);
    DeployedPolicy deployed(policy->ToDeployed("bench"));
    // A slowly varying observation, as a control loop's would be.
    std::vector<float> observation(o->obs), action(o->act);
    const auto observe = [&](int step) {
      for (int i = 0; i < o->obs; ++i) {
        observation[i] = 0.5f * static_cast<float>(i % 3) + 1e-3f * step;
      }
    };
    torch::NoGradGuard no_grad;
    const auto torch_act = [&](int step) {
      observe(step);
      const torch::Tensor mean =
          policy->forward(torch::from_blob(observation.data(), {1, o->obs}))
              .mean.clamp(-1.0, 1.0)
              .contiguous();
      std::copy_n(mean.data_ptr<float>(), o->act, action.data());
    };
    const auto eigen_act = [&](int step) {
      observe(step);
      deployed.Act(observation.data(), action.data());
    };
    double torch_rate = 0.0, eigen_rate = 0.0;
    for (int round = 0; round < o->rounds; ++round) {
      torch_rate = std::max(torch_rate, CallsPerSecond(o->steps, torch_act));
      eigen_rate = std::max(eigen_rate, CallsPerSecond(o->steps, eigen_act));
    }
    nlohmann::json json = {{"obs", o->obs},
                           {"act", o->act},
                           {"hidden", o->hidden},
                           {"layers", o->layers},
                           {"deployed_actions_per_s", eigen_rate},
                           {"libtorch_actions_per_s", torch_rate},
                           {"deployed_us_per_action", 1e6 / eigen_rate},
                           {"libtorch_us_per_action", 1e6 / torch_rate},
                           {"ratio", eigen_rate / torch_rate}};
    std::cout << json.dump() << "\n";
  });
}

}  // namespace prefctl
