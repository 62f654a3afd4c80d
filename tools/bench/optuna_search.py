#!/usr/bin/python3
"""Optuna's side of tools/bench/search.mjs: RandomSampler, QMCSampler (scrambled Sobol') and TPESampler, each with
its defaults and a seed, asked and told one trial at a time on the benchmark surfaces over their standard domains.
The surfaces' formulas are the same as packages/core/src/plan/search/surfaces.ts (the bench checks that both sides
agree on a probe point). Prints one JSON object: the Optuna version and, per surface, sampler and seed, the best
value found after each trial.

    /usr/bin/python3 tools/bench/optuna_search.py --seeds 20 --trials 100 [--surfaces branin,hartmann6] [--samplers tpe]
"""
import argparse
import json
import math
import sys
import warnings

try:
    import optuna
except ImportError:
    print(json.dumps({"missing": "optuna"}))
    sys.exit(0)

HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[p * 1e-4 for p in row] for row in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                                                  [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]
QUADRATIC_CENTRE = [1, -1, 2, -2]


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    return -sum(a * math.exp(-sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6)))
                for i, a in enumerate(HARTMANN_ALPHA))


SURFACES = {
    "quadratic": ([(-5, 5)] * 4, lambda x: sum((xi - c) ** 2 for xi, c in zip(x, QUADRATIC_CENTRE))),
    "branin": ([(-5, 10), (0, 15)], branin),
    "hartmann6": ([(0, 1)] * 6, hartmann6),
    "rosenbrock": ([(-5, 10)] * 4, lambda x: sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(len(x) - 1))),
}

SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "sobol": lambda seed: optuna.samplers.QMCSampler(qmc_type="sobol", scramble=True, seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
}


def run(surface, sampler, seed, trials):
    domain, f = SURFACES[surface]
    dists = {f"x{i + 1}": optuna.distributions.FloatDistribution(lo, hi) for i, (lo, hi) in enumerate(domain)}
    study = optuna.create_study(sampler=SAMPLERS[sampler](seed))
    best, curve = math.inf, []
    for _ in range(trials):
        trial = study.ask(dists)
        value = f([trial.params[f"x{i + 1}"] for i in range(len(domain))])
        study.tell(trial, value)
        best = min(best, value)
        curve.append(best)
    return curve


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--surfaces", default=",".join(SURFACES))
    parser.add_argument("--samplers", default=",".join(SAMPLERS))
    parser.add_argument("--probe", help="print each surface's value at this comma-separated point and exit")
    args = parser.parse_args()
    if args.probe is not None:
        x = [float(v) for v in args.probe.split(",")]
        print(json.dumps({name: f(x[:len(domain)]) for name, (domain, f) in SURFACES.items()}))
        return
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.simplefilter("ignore")
    out = {"optuna": optuna.__version__, "first_seed": args.first_seed, "curves": {}}
    for surface in args.surfaces.split(","):
        for sampler in args.samplers.split(","):
            out["curves"].setdefault(surface, {})[sampler] = [run(surface, sampler, seed, args.trials)
                                                              for seed in range(args.first_seed, args.first_seed + args.seeds)]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
