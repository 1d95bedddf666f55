// Seeded random streams. One run seed reproduces the whole run on CPU: each
// consumer (an environment, the learner, an evaluator) derives its own
// independent stream from the run seed and a stream id, so adding a consumer
// does not shift the numbers any other consumer sees.
//
// The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear
// pseudorandom number generators", 2018), seeded through SplitMix64 as its
// authors recommend. Its whole state is four words, which makes checkpointing
// it exact and cheap; distributions are implemented here rather than taken
// from <random>, whose normal_distribution differs between standard libraries.
#ifndef PREFCTL_CORE_RNG_H_
#define PREFCTL_CORE_RNG_H_

#include <array>
#include <cstdint>

namespace prefctl {

class Rng {
 public:
  using State = std::array<uint64_t, 4>;

  explicit Rng(uint64_t seed = 0);

  // An independent stream for consumer `stream_id` of a run seeded `seed`.
  static Rng Stream(uint64_t seed, uint64_t stream_id);

  uint64_t NextU64();
  // Uniform in [0, 1) with 53 random bits.
  double Uniform();
  double Uniform(double low, double high) {
    return low + (high - low) * Uniform();
  }
  // Uniform integer in [0, n); n > 0.
  uint64_t UniformInt(uint64_t n);
  // Standard normal (Marsaglia polar method; spare value cached).
  double Normal();
  double Normal(double mean, double stddev) { return mean + stddev * Normal(); }

  // Exact state, for checkpoints.
  State state() const { return state_; }
  void set_state(const State& state);

 private:
  State state_;
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace prefctl

#endif  // PREFCTL_CORE_RNG_H_
