#!/usr/bin/env python3
"""A random sweep of infer's subcommands over small, hostile data sets.

Each trial writes a CSV of a few rows (values drawn per model, with 5 % of them extreme: ±1e300,
the largest double, subnormals, zeros), picks a subcommand, model, prior and options, runs
infer (release build) and checks the contract: exit code 0, 64, 65 or 70; no NaN or inf on
standard output; an error is one line; JSON output parses and every fitted parameter has its
"estimate"; a figure (--plot) or draws file (--draws-out) exists only after a run that
succeeded, and a figure is well-formed XML. Problems are printed with the command and the data
kept as bad<trial>.csv.

    swift build -c release --product infer
    python3 Fuzz/cli_sweep.py SEED TRIALS [DIRECTORY]
"""
import json
import os
import random
import subprocess
import sys

random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INFER = os.path.join(ROOT, ".build/release/infer")
WORK = sys.argv[3] if len(sys.argv) > 3 else f"/tmp/infer-sweep-{os.getpid()}"
os.makedirs(WORK, exist_ok=True)
PLOT_SHARE = float(os.environ.get("PLOT_SHARE", "0.3"))  # the share of runs that also draw their figure
families = ["bernoulli","binomial","poisson","exponential","gaussian","uniform","laplace","gamma","beta","lognormal","student-t"]
regressions = ["linear","logistic","poisson-regression","softmax"]
priors_f = {"bernoulli":["flat","beta(2,2)","beta(0.5,0.5)"],"binomial":["flat","beta(1,1)"],"poisson":["flat","gamma(1,1)","gamma(0.01,0.01)"],
            "exponential":["flat","gamma(2,1)"],"gaussian":["flat","normal(0,1)","normal(1e6,1e-3)"]}
def value(kind):
    r = random.random()
    if r < 0.05: return random.choice(["1e300","-1e300","1e-300","0","-0","5e-324","1.7976931348623157e308"])
    if kind == "count": return str(random.choice([0,0,1,2,3,5,10,1000,10**6]))
    if kind == "binary": return str(random.choice([0,1]))
    if kind == "unit": return repr(random.choice([random.random(), 1e-12, 1-1e-12, 0.5]))
    if kind == "pos": return repr(random.choice([random.expovariate(1), 1e-10, 1e10, 1.0]))
    return repr(random.choice([random.gauss(0,1), random.gauss(0,1)*1e8, 0.0, 1.0, -1.0]))
def kind_of(model):
    return {"bernoulli":"binary","binomial":"count","poisson":"count","exponential":"pos","gamma":"pos","lognormal":"pos","beta":"unit",
            "logistic":"binary","poisson-regression":"count","softmax":"count"}.get(model,"real")
bad = []
for trial in range(int(sys.argv[2]) if len(sys.argv) > 2 else 200):
    model = random.choice(families + regressions)
    n = random.choice([1,2,3,5,10,40,200])
    k = kind_of(model)
    path = os.path.join(WORK, f"d{trial}.csv")
    with open(path,"w") as f:
        if model in regressions:
            p = random.choice([1,2,5])
            f.write(",".join([f"x{j}" for j in range(p)] + ["y"]) + "\n")
            for i in range(n):
                xs = [value("real") for _ in range(p)]
                if random.random() < 0.3: xs[0] = str(i % 2)
                y = value(k) if model != "softmax" else str(random.choice([0,1,2]))
                f.write(",".join(xs + [y]) + "\n")
        else:
            f.write("x\n")
            for i in range(n): f.write(value(k) + "\n")
    cmd = random.choice(["fit","bootstrap","laplace","sample","compare","tune"])
    args = [INFER, cmd]
    if model in regressions:
        args += ["--model", model, "--target", "y"]
        prior = random.choice(["flat","gaussian","laplace","elastic-net"])
        if cmd == "tune" and prior == "flat": prior = "gaussian"
        args += ["--prior", prior]
        if prior != "flat": args += ["--lambda", random.choice(["1","0.001","1000","0"])]
        if cmd == "tune": args += ["--method", random.choice(["cv","loo","gcv","evidence"]), "--folds", "3"]
    else:
        if cmd == "tune": cmd = "fit"; args[1] = "fit"
        args += ["--model", model]
        if model == "binomial": args += ["--trials", random.choice(["10","1000000"])]
        pr = random.choice(priors_f.get(model, ["flat"]))
        if cmd in ("sample","compare","laplace") and pr == "flat" and model in priors_f: pr = priors_f[model][1]
        args += ["--prior", pr]
    if cmd == "bootstrap":
        args += ["--resamples", "99", "--method", random.choice(["bca", "bca", "percentile", "basic", "studentized"])]
        if random.random() < 0.3: args += ["--parametric"]
    if model in regressions and random.random() < 0.3: args += [random.choice(["--standardize", "--no-intercept"])]
    if random.random() < 0.2: args += ["--level", random.choice(["0.5", "0.999999", "0.01"])]
    if cmd == "sample" and random.random() < 0.3: args += ["--chains", random.choice(["1", "2"]), "--proposal", random.choice(["laplace", "random-walk"])]
    if cmd in ("sample","compare"): args += ["--draws","100","--warmup","100","--quiet"]
    if cmd == "compare": args += ["--resamples","99"]
    outputs = []
    if random.random() < PLOT_SHARE and cmd in ("fit", "bootstrap", "laplace", "sample", "compare", "tune"):
        outputs.append(os.path.join(WORK, f"figure{trial}.svg"))
        args += ["--plot", outputs[-1]]
    if random.random() < 0.2 and cmd == "sample":
        outputs.append(os.path.join(WORK, f"draws{trial}.csv"))
        args += ["--draws-out", outputs[-1]]
    args += ["--format", random.choice(["json","table"]), path]
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        bad.append(("TIMEOUT", " ".join(args))); continue
    out = r.stdout + r.stderr
    problem = None
    if r.returncode not in (0, 64, 65, 70): problem = f"rc={r.returncode}"
    elif "nan" in r.stdout.lower().replace("nanos","") or "inf" in r.stdout.lower().replace("infer","").replace("info",""): problem = "nan/inf in stdout"
    elif r.returncode != 0 and r.stderr.count("\n") != 1 and "warning" not in r.stderr: problem = "not one line"
    elif r.returncode == 0 and "--format" in args and args[args.index("--format")+1] == "json":
        try:
            document = json.loads(r.stdout)
            if cmd == "fit" and any("estimate" not in p for p in document.get("parameters", [])):
                problem = "a parameter without its estimate"
        except Exception:
            problem = "bad json"
    # files are written whole after the work succeeds, or not at all
    for output in outputs:
        exists = os.path.exists(output)
        if r.returncode != 0 and exists and not problem:
            problem = f"{os.path.basename(output)} left behind by a failed run"
        if r.returncode == 0 and output.endswith(".svg") and exists and not problem:
            import xml.dom.minidom
            try:
                xml.dom.minidom.parse(output)
            except Exception:
                problem = "a figure that is not well-formed XML"
        if exists:
            os.remove(output)
    if problem:
        bad.append((problem, " ".join(args), out[:300]))
        os.rename(path, os.path.join(WORK, f"bad{trial}.csv"))
    else:
        os.remove(path)
for b in bad: print(b)
print("problems:", len(bad))
