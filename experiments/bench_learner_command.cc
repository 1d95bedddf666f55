// `prefctl bench-learner --obs O --act A --batch B --samples N --hidden H
//  --layers L --heads K [--loss pmpo] [--updates U] [--warmup W]
//  [--device cpu|cuda]`: full learner updates (critic step + policy step) on
// random data; one JSON line. The PyTorch twin of this update is
// experiments/benchmarks/learner_update.py.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "algorithms/learner.h"
#include "core/compute_setup.h"
#include "core/config.h"
#include "experiments/commands.h"

namespace prefctl {

void RegisterBenchLearnerCommand(CLI::App* app) {
  struct Options {
    int obs = 17, act = 6, batch = 256, samples = 20, hidden = 256, layers = 3,
        heads = 2, updates = 50, warmup = 5, threads = 1;
    std::string loss = "pmpo", device = "cpu";
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "bench-learner", "Time full learner updates on random data");
  command->add_option("--obs", o->obs, "observation size");
  command->add_option("--act", o->act, "action size");
  command->add_option("--batch", o->batch, "states per update (B)");
  command->add_option("--samples", o->samples, "actions per state (N)");
  command->add_option("--hidden", o->hidden, "hidden width");
  command->add_option("--layers", o->layers, "hidden layers");
  command->add_option("--heads", o->heads, "critic heads (K)");
  command->add_option("--updates", o->updates, "timed updates")
      ->check(CLI::Range(1, 1000000));
  command->add_option("--warmup", o->warmup, "untimed updates before them");
  command->add_option("--threads", o->threads, "torch intra-op threads");
  command->add_option("--loss", o->loss, "improvement loss");
  command->add_option("--device", o->device, "where the learner runs")
      ->check(CLI::IsMember({"cpu", "cuda"}));
  command->callback([o] {
    SetUpCompute(o->threads);
    if (o->device == "cuda" && !torch::cuda::is_available()) {
      throw ConfigError(
          "--device cuda: this LibTorch build has no usable CUDA device; use "
          "--device cpu");
    }
    const torch::Device device(o->device);
    torch::manual_seed(0);
    LearnerConfig config;
    config.batch_size = o->batch;
    config.num_samples = o->samples;
    config.target_samples = o->samples;
    PolicyNetworkConfig policy;
    policy.hidden.assign(o->layers, o->hidden);
    CriticConfig critic;
    critic.hidden.assign(o->layers, o->hidden);
    critic.heads = o->heads;
    const ConfigNode empty = ConfigNode::LoadString("", "<bench>");
    OffPolicyLearner learner(config, policy, critic,
                             MakeImprovementLoss(o->loss, empty), o->obs,
                             o->act, device, 0);
    const ReplayBatch batch{
        torch::randn({o->batch, o->obs}).to(device),
        (torch::rand({o->batch, o->act}) * 2 - 1).to(device),
        torch::randn({o->batch}).to(device),
        torch::full({o->batch}, 0.95).to(device),
        torch::randn({o->batch, o->obs}).to(device)};
    for (int i = 0; i < o->warmup; ++i) learner.Update(batch);
    const auto start = std::chrono::steady_clock::now();
    LearnerStats stats;
    for (int i = 0; i < o->updates; ++i) stats = learner.Update(batch);
    // Reading a statistic waits for the device's queued work.
    stats.front().second.item<float>();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    nlohmann::json json = {{"loss", o->loss},
                           {"obs", o->obs},
                           {"act", o->act},
                           {"batch", o->batch},
                           {"samples", o->samples},
                           {"hidden", o->hidden},
                           {"layers", o->layers},
                           {"heads", o->heads},
                           {"threads", o->threads},
                           {"device", o->device},
                           {"updates_per_s", o->updates / seconds}};
    std::cout << json.dump() << std::endl;
  });
}

}  // namespace prefctl
