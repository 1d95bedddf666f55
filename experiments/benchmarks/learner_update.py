"""The learner update of `prefctl bench-learner`, written in PyTorch.

Same shapes, same operations in the same order as algorithms/learner.cc with
the PMPO loss (critic step on n-step targets, then the policy step on N
sampled actions per state), so that the two can be timed against each other
on the same libtorch (Debian's python3-torch). Prints one JSON line.

Run with Debian's interpreter: /usr/bin/python3 learner_update.py --help
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)


class Policy(torch.nn.Module):
    def __init__(self, obs, act, hidden, layers, min_stddev=1e-3, init_stddev=0.7):
        super().__init__()
        sizes = [obs] + [hidden] * layers
        self.layers = torch.nn.ModuleList(
            torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.norm = torch.nn.LayerNorm(hidden)
        self.mean = torch.nn.Linear(hidden, act)
        self.stddev = torch.nn.Linear(hidden, act)
        self.min_stddev = min_stddev
        self.offset = math.log(math.expm1(init_stddev - min_stddev))

    def forward(self, x):
        x = torch.tanh(self.norm(self.layers[0](x)))
        for layer in self.layers[1:]:
            x = F.elu(layer(x))
        return self.mean(x), F.softplus(self.stddev(x) + self.offset) + self.min_stddev


class QEnsemble(torch.nn.Module):
    def __init__(self, obs, act, hidden, layers, heads):
        super().__init__()
        sizes = [obs + act] + [hidden] * layers + [1]
        self.weights = torch.nn.ParameterList()
        self.biases = torch.nn.ParameterList()
        for a, b in zip(sizes[:-1], sizes[1:]):
            bound = 1.0 / math.sqrt(a)
            self.weights.append(torch.nn.Parameter(torch.empty(heads, a, b).uniform_(-bound, bound)))
            self.biases.append(torch.nn.Parameter(torch.empty(heads, 1, b).uniform_(-bound, bound)))
        self.scale = torch.nn.Parameter(torch.ones(heads, 1, hidden))
        self.shift = torch.nn.Parameter(torch.zeros(heads, 1, hidden))
        self.heads = heads

    def forward(self, obs, act):
        x = torch.cat([obs, act], -1).unsqueeze(0).expand(self.heads, -1, -1).contiguous()
        x = torch.bmm(x, self.weights[0]).add_(self.biases[0])
        x = torch.tanh(F.layer_norm(x, (x.shape[-1],)) * self.scale + self.shift)
        for w, b in zip(self.weights[1:-1], self.biases[1:-1]):
            x = F.elu(torch.bmm(x, w).add_(b))
        return torch.bmm(x, self.weights[-1]).add_(self.biases[-1]).squeeze(-1)


def log_prob(mean, stddev, actions):
    z = (actions - mean) / stddev
    return (-0.5 * z.pow(2) - stddev.log() - HALF_LOG_TWO_PI).sum(-1)


def kl_per_dim(pm, ps, qm, qs):
    ratio = (ps / qs).pow(2)
    return 0.5 * (ratio + ((pm - qm) / qs).pow(2) - 1.0 - ratio.log())


def sample(mean, stddev, n, generator):
    # Drawn on the CPU and moved, as policies/diag_gaussian.cc does.
    noise = torch.normal(0.0, 1.0, (n,) + tuple(mean.shape), generator=generator)
    return mean.unsqueeze(0) + stddev.unsqueeze(0) * noise.to(mean.device)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for name, default in [("obs", 17), ("act", 6), ("batch", 256), ("samples", 20),
                          ("hidden", 256), ("layers", 3), ("heads", 2),
                          ("updates", 50), ("warmup", 5), ("threads", 1)]:
        parser.add_argument("--" + name, type=int, default=default)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    a = parser.parse_args()
    device = torch.device(a.device)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    policy, target_policy = Policy(a.obs, a.act, a.hidden, a.layers), Policy(a.obs, a.act, a.hidden, a.layers)
    critic, target_critic = (QEnsemble(a.obs, a.act, a.hidden, a.layers, a.heads),
                             QEnsemble(a.obs, a.act, a.hidden, a.layers, a.heads))
    for module in (policy, target_policy, critic, target_critic):
        module.to(device)
    target_policy.load_state_dict(policy.state_dict())
    target_critic.load_state_dict(critic.state_dict())
    for p in list(target_policy.parameters()) + list(target_critic.parameters()):
        p.requires_grad_(False)
    policy_opt = torch.optim.Adam(policy.parameters(), lr=3e-4)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=3e-4)
    generator = torch.Generator().manual_seed(0)
    obs, next_obs = torch.randn(a.batch, a.obs).to(device), torch.randn(a.batch, a.obs).to(device)
    actions = (torch.rand(a.batch, a.act) * 2 - 1).to(device)
    rewards, discounts = torch.randn(a.batch).to(device), torch.full((a.batch,), 0.95).to(device)
    n, b = a.samples, a.batch
    updates = 0

    def update():
        nonlocal updates
        # Critic step.
        with torch.no_grad():
            mean, stddev = target_policy(next_obs)
            next_actions = sample(mean, stddev, n, generator).clamp(-1, 1).reshape(n * b, -1)
            repeated = next_obs.unsqueeze(0).expand(n, b, a.obs).reshape(n * b, -1)
            values = target_critic(repeated, next_actions).min(0).values.reshape(n, b).mean(0)
            targets = rewards + discounts * values
        q = critic(obs, actions)
        critic_loss = 0.5 * (q - targets.unsqueeze(0)).pow(2).mean(1).sum()
        assert torch.isfinite(critic_loss).all()
        critic_opt.zero_grad()
        critic_loss.backward()
        torch.nn.utils.clip_grad_norm_(critic.parameters(), 40.0)
        critic_opt.step()
        # Policy step (PMPO, alpha 0.5, beta 1, top/bottom half).
        with torch.no_grad():
            ref_mean, ref_stddev = target_policy(obs)
            sampled = sample(ref_mean, ref_stddev, n, generator)
            flat_obs = obs.unsqueeze(0).expand(n, b, a.obs).reshape(n * b, -1)
            q_heads = target_critic(flat_obs, sampled.clamp(-1, 1).reshape(n * b, -1)).reshape(-1, n, b)
            q_values = q_heads.reshape(q_heads.shape[0], -1).min(0).values.reshape(n, b)
            log_prob_ref = log_prob(ref_mean, ref_stddev, sampled)
        mean, stddev = policy(obs)
        lp = log_prob(mean, stddev, sampled)
        with torch.no_grad():
            order = q_values.argsort(0, descending=True)
            ranks = torch.empty_like(order).scatter_(
                0, order, torch.arange(n, device=device).unsqueeze(1).expand_as(order))
            accepted = (ranks < math.ceil(0.5 * n)).float()
            rejected = (ranks >= n - math.ceil(0.5 * n)).float()
        accepted_lp = (accepted * lp).sum() / accepted.sum().clamp_min(1)
        rejected_lp = (rejected * lp).sum() / rejected.sum().clamp_min(1)
        kl = kl_per_dim(ref_mean, ref_stddev, mean, stddev).sum(-1).mean()
        loss = -(0.5 * accepted_lp - 0.5 * rejected_lp - 1.0 * kl)
        with torch.no_grad():  # The statistics the C++ loss reports.
            m, s = mean.detach(), stddev.detach()
            stats = [kl_per_dim(ref_mean, ref_stddev, m, s).sum(-1).mean(),
                     kl_per_dim(ref_mean, ref_stddev, m, ref_stddev).sum(-1).mean(),
                     kl_per_dim(ref_mean, ref_stddev, ref_mean, s).sum(-1).mean(),
                     (s.log() + 0.5 + HALF_LOG_TWO_PI).sum(-1).mean(),
                     lp.detach().gather(0, q_values.argmax(0, keepdim=True)).mean(),
                     lp.detach().gather(0, q_values.argmin(0, keepdim=True)).mean(),
                     accepted.mean(), rejected.mean()]
        assert torch.isfinite(loss).all()
        policy_opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(policy.parameters(), 40.0)
        policy_opt.step()
        updates += 1
        if updates % 100 == 0:
            target_policy.load_state_dict(policy.state_dict())
            target_critic.load_state_dict(critic.state_dict())
        return stats

    for _ in range(a.warmup):
        update()
    start = time.perf_counter()
    for _ in range(a.updates):
        stats = update()
    stats[0].item()  # Waits for the device's queued work, as the C++ side does.
    seconds = time.perf_counter() - start
    print(json.dumps({"implementation": "pytorch", "batch": a.batch, "samples": a.samples,
                      "hidden": a.hidden, "layers": a.layers, "heads": a.heads,
                      "threads": a.threads, "device": a.device, "updates_per_s": a.updates / seconds}))


if __name__ == "__main__":
    main()
