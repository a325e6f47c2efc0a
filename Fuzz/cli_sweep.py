#!/usr/bin/env python3
"""A random sweep of infer's subcommands over small, hostile data sets.

Each trial is one of five classes, chosen at random (the shares are environment variables):

  classic    (the rest) a CSV of a few rows (values drawn per model, with 5 % of them
             extreme: ±1e300, the largest double, subnormals, zeros), a random subcommand,
             model, prior and options. PLOT_SHARE (0.3) of them also write their figure.
  absurd     ABSURD_SHARE (0.12) one absurd size on a run that is otherwise fine: --resamples
             1e12 or -5, --draws/--thin/--warmup Int.max, --draws 0, --chains 1e9, --lambdas
             1e12, --folds 1, random huge or out-of-range integers (--warmup and --thin only
             past what a run can count). Must exit 64 within 5 s (65 for more --folds than rows).
  directory  DIRECTORY_SHARE (0.06) --plot DIR.svg, --draws-out DIR.csv or --replicates-out
             DIR.csv (with --shard 1/2) naming an existing directory that holds sentinel files
             (as is, with a trailing / or /., relative, or through a symlink). Must exit 65 (64
             when a --plot name does not end in .svg) with one line on standard error and
             nothing on standard output, and leave the directory, its sentinels and the symlink
             as they were (a deleted or changed one is reported as SERIOUS).
  control    CONTROL_SHARE (0.2) cells, column names and sometimes --column, --model, --prior,
             --target, --statistic, --level or the paths carrying NUL, ESC sequences, 0x7f, C1
             controls (U+0080–U+009F), CR, newlines inside quotes, cells of 100 KB.
  signal     SIGNAL_SHARE (0.05) `sample --draws 20000 --proposal random-walk --draws-out` on a
             small exponential data set, its output directory polled every 0.2 ms: SIGTERM or
             SIGINT the moment a *.partial file appears (SIGNAL_RANDOM_SHARE (0.3) of them at a
             random time instead). No *.partial or other file may remain; the draws file is
             absent or complete (past its # comment lines, the header chain,draw,lp__,
             accepted__,… and chains × draws rows in order); the process ends by that signal or
             with 0. The summary counts the tries interrupted mid-write (a *.partial seen, the
             signal sent, the process dead of it, no draws file).

Every run is checked against the contract: exit code 0, 64, 65 or 70 (within 60 s); no NaN or
inf on standard output; standard error ends each line with a newline, holds no byte below 0x20
but that newline, no 0x7f, no UTF-8 C1 control and no line over 400 characters; a failed run
prints nothing on standard output and one error line (classic runs may add warning lines; the
other classes exactly one line); JSON output parses and every parameter has its point estimate;
a figure, draws or replicates file exists after a run that succeeded and only then, a figure is
well-formed XML and a draws file has its header; no *.partial file is left in the work
directory. A problem is printed with the command, exit code and streams, the data kept as
bad<trial>.csv in the work directory, and the script exits 1. The last line is
`N passed, M failed` (trials without, with problems).

    swift build -c release --static-swift-stdlib --product infer
    [INFER=path/to/infer] [VERBOSE=1] python3 Fuzz/cli_sweep.py SEED TRIALS [DIRECTORY]

INFER is the binary to test (default: .build/release/infer in the package); VERBOSE=1 prints
every trial's class, exit code, command and standard error.
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.dom.minidom

random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INFER = os.path.abspath(os.environ.get("INFER", os.path.join(ROOT, ".build/release/infer")))
WORK = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else f"/tmp/infer-sweep-{os.getpid()}")
os.makedirs(WORK, exist_ok=True)
PLOT_SHARE = float(os.environ.get("PLOT_SHARE", "0.3"))  # the share of classic runs that also draw their figure
SHARES = {"absurd": float(os.environ.get("ABSURD_SHARE", "0.12")), "directory": float(os.environ.get("DIRECTORY_SHARE", "0.06")),
          "control": float(os.environ.get("CONTROL_SHARE", "0.2")), "signal": float(os.environ.get("SIGNAL_SHARE", "0.05"))}
SIGNAL_RANDOM_SHARE = float(os.environ.get("SIGNAL_RANDOM_SHARE", "0.3"))  # signal trials that signal at a random time
assert sum(SHARES.values()) <= 1, "the shares of the trial classes add up to more than 1"
families = ["bernoulli","binomial","poisson","exponential","gaussian","uniform","laplace","gamma","beta","lognormal","student-t"]
regressions = ["linear","logistic","poisson-regression","softmax"]
priors_f = {"bernoulli":["flat","beta(2,2)","beta(0.5,0.5)"],"binomial":["flat","beta(1,1)"],"poisson":["flat","gamma(1,1)","gamma(0.01,0.01)"],
            "exponential":["flat","gamma(2,1)"],"gaussian":["flat","normal(0,1)","normal(1e6,1e-3)"]}
ESTIMATE_KEY = {"fit": "estimate", "bootstrap": "estimate", "tune": "estimate", "laplace": "mode", "sample": "mean",
                "summarize": "mean", "compare": "map"}
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

# ---- running and the checks every run gets ----------------------------------------------------

def run(args, timeout=60, cwd=None):
    """(exit code or None on a timeout, stdout bytes, stderr bytes, seconds)."""
    start = time.monotonic()
    try:
        r = subprocess.run(args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd)
        return r.returncode, r.stdout, r.stderr, time.monotonic() - start
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b"", time.monotonic() - start

NONFINITE = re.compile(rb"(?i)(?<![a-z])-?(nan|inf|infinity)(?![a-z])")
C1 = re.compile(rb"\xc2[\x80-\x9f]")
def stream_problems(cmd, args, rc, out, err, strict_one_line, timeout):
    """The contract's checks of one run's exit code and streams, as a list of problems."""
    problems = []
    if rc is None: return [f"timeout: no exit within {timeout} s"]
    if rc not in (0, 64, 65, 70): problems.append(f"exit code {rc}")
    if NONFINITE.search(out): problems.append(f"nan/inf in stdout: {NONFINITE.search(out).group(0)!r}")
    if err and not err.endswith(b"\n"): problems.append("stderr does not end with a newline")
    lines = err.split(b"\n")
    if lines and lines[-1] == b"": lines.pop()
    for line in lines:
        controls = sorted({b for b in line if b < 0x20 or b == 0x7f})
        if controls: problems.append(f"stderr line holds control bytes {', '.join(f'0x{b:02x}' for b in controls)}"); break
        if C1.search(line): problems.append(f"stderr line holds a C1 control {C1.search(line).group(0)!r}"); break
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("stderr line is not UTF-8"); break
        if len(text) > 400: problems.append(f"stderr line of {len(text)} characters (over 400)"); break
    if rc != 0:
        if out: problems.append(f"a failed run printed {len(out)} bytes on stdout")
        if strict_one_line:
            if len(lines) != 1: problems.append(f"a failed run printed {len(lines)} stderr lines, not one")
        else:
            errors = [l for l in lines if not l.startswith(b"infer: warning: ")]
            if len(errors) != 1: problems.append(f"a failed run printed {len(errors)} error lines, not one")
        if lines and not lines[-1].startswith(b"infer: error: "): problems.append("a failed run's last stderr line is not 'infer: error: …'")
    elif "--format" in args and args[args.index("--format") + 1] == "json" and cmd in ESTIMATE_KEY:
        def reject(constant): raise ValueError(f"{constant} in JSON")
        try:
            document = json.loads(out, parse_constant=reject)
            parameters = document["parameters"] if isinstance(document, dict) else None
            key = ESTIMATE_KEY[cmd]
            if not isinstance(parameters, list) or not parameters:
                problems.append("JSON without its parameters")
            elif any(not isinstance(p, dict) or not isinstance(p.get(key), (int, float)) for p in parameters):
                problems.append(f"a parameter without its {key}")
        except Exception as e:
            problems.append(f"bad json ({e})")
    return problems

def output_problems(rc, outputs):
    """Files are written whole after the work succeeds, or not at all."""
    problems = []
    for output in outputs:
        exists = os.path.exists(output)
        if rc != 0 and exists: problems.append(f"{os.path.basename(output)} left behind by a failed run")
        if rc == 0 and not exists: problems.append(f"{os.path.basename(output)} missing after a run that succeeded")
        if rc == 0 and exists and output.endswith(".svg"):
            try:
                xml.dom.minidom.parse(output)
            except Exception:
                problems.append(f"{os.path.basename(output)}: a figure that is not well-formed XML")
        if rc == 0 and exists and os.path.basename(output).startswith("draws"):
            with open(output, "rb") as f: head = next((l for l in f if not l.startswith(b"#")), b"")  # past the comment lines
            if not head.startswith(b"chain,draw,lp__,accepted__,"): problems.append(f"{os.path.basename(output)}: draws file header {head[:80]!r}")
        if exists and os.path.isfile(output): os.remove(output)
    return problems

def partial_problems(directory):
    leftovers = [name for name in os.listdir(directory) if name.endswith(".partial")]
    for name in leftovers: os.remove(os.path.join(directory, name))
    return [f"temporary {name!r} left behind" for name in leftovers]

def escaped(text, limit=None):
    """Text (str or bytes) with every non-printable character escaped, cut to `limit` characters."""
    if isinstance(text, bytes): text = text.decode("utf-8", "backslashreplace")
    if limit is not None and len(text) > limit: text = text[:limit] + f"…(+{len(text) - limit})"
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)

def command_line(args):
    def quote(a):
        return a if re.fullmatch(r"[\w./=:,+()-]+", a) else "'" + a.replace("'", "'\\''") + "'"
    return " ".join(quote(escaped(a, 300)) for a in args)

# ---- classic: the original random run ---------------------------------------------------------

def classic(trial):
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
    rc, out, err, _ = run(args)
    problems = stream_problems(cmd, args, rc, out, err, False, 60) + output_problems(rc, outputs) + partial_problems(WORK)
    return problems, args, rc, out, err, [path]

# ---- absurd sizes -----------------------------------------------------------------------------

INT_MAX = 2**63 - 1
def huge():
    """A huge integer: near Int.max, a power of ten, at random, past Int64, or hugely negative."""
    return str(random.choice([INT_MAX, INT_MAX - random.randint(0, 1000), INT_MAX // 2 + 1, INT_MAX // 4 + 1, 2**62, 10**random.randint(10, 18),
                              random.randint(10**10, INT_MAX), 2**63, 10**30, -random.randint(1, INT_MAX), -2**63]))
ABSURD = {  # option: the values to try (None: a random huge integer)
    # --warmup and --thin only past what the run's iterations (2 chains × (warmup + 100 × thin)) can
    # count: a huge count that fits is a long run, not an error
    "--resamples": ["1000000000000", "-5", "0", None], "--draws": [str(INT_MAX), "0", "-1", None],
    "--thin": [str(INT_MAX), "0", "-3", str(2**62), str(2**63), str(10**30)], "--warmup": [str(INT_MAX), "-1", str(2**62), str(2**63)],
    "--chains": ["1000000000", "0", None],
    "--lambdas": ["1000000000000", "0", None], "--folds": ["1", "0", "-2", None]}
ABSURD_COMMANDS = {"--resamples": ["bootstrap", "compare"], "--draws": ["sample", "compare"], "--thin": ["sample", "compare"],
                   "--warmup": ["sample", "compare"], "--chains": ["sample", "compare"], "--lambdas": ["tune"], "--folds": ["tune"]}

def gaussian_data(path, n=20):
    with open(path, "w") as f:
        f.write("x\n" + "".join(f"{random.gauss(1, 2)!r}\n" for _ in range(n)))

def linear_data(path, n=20):
    with open(path, "w") as f:
        f.write("x0,x1,y\n")
        for _ in range(n):
            a, b = random.gauss(0, 1), random.gauss(0, 1)
            f.write(f"{a!r},{b!r},{1 + 2 * a - b + random.gauss(0, 0.5)!r}\n")

def sane_args(cmd, path):
    """A run of `cmd` on `path` (gaussian_data, or linear_data for tune) that succeeds quickly."""
    if cmd == "tune": return [INFER, "tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--method", "cv", "--folds", "3", "--lambdas", "5", path]
    args = [INFER, cmd, "--model", "gaussian", "--prior", "normal(0,10)" if cmd != "fit" else "flat"]
    if cmd == "bootstrap": args += ["--resamples", "99"]
    if cmd in ("sample", "compare"): args += ["--draws", "100", "--warmup", "100", "--chains", "2", "--quiet"]
    if cmd == "compare": args += ["--resamples", "99"]
    return args + [path]

def with_option(args, option, value, before_file=True):
    """args with `option` set to `value`: replaced where it is, else added before the file (the
    last argument) or at the end. A negative value goes as --option=-5 half the time (as
    `--option -5` it is taken for an option and refused as a missing value)."""
    args = list(args)
    if option in args: del args[args.index(option):args.index(option) + 2]
    added = [f"{option}={value}"] if value.startswith("-") and random.random() < 0.5 else [option, value]
    if before_file: args[-1:-1] = added
    else: args += added
    return args

def absurd(trial):
    option = random.choice(list(ABSURD))
    cmd = random.choice(ABSURD_COMMANDS[option])
    path = os.path.join(WORK, f"d{trial}.csv")
    (linear_data if cmd == "tune" else gaussian_data)(path)
    v = random.choice(ABSURD[option]) or huge()
    args = with_option(sane_args(cmd, path), option, v)
    if random.random() < 0.3: args[-1:-1] = ["--format", "json"]
    rc, out, err, _ = run(args, timeout=5)
    problems = stream_problems(cmd, args, rc, out, err, True, 5)
    # more folds than the 20 rows is a data error (65): whether K folds fit depends on the data
    allowed = {64, 65} if option == "--folds" and v.isdigit() and int(v) > 20 else {64}
    if rc is not None and rc not in allowed: problems.append(f"exit code {rc}, not {sorted(allowed)}")
    if rc == 0 and err: problems.append("stderr not empty")  # (a failed run's line count is checked above)
    return problems + partial_problems(WORK), args, rc, out, err, [path]

# ---- existing directories as outputs ----------------------------------------------------------

DIRECTORY_TARGETS = [("fit", "--plot", ".svg"), ("laplace", "--plot", ".svg"), ("bootstrap", "--plot", ".svg"), ("sample", "--plot", ".svg"),
                     ("sample", "--draws-out", ".csv"), ("compare", "--plot", ".svg"), ("tune", "--plot", ".svg"),
                     ("bootstrap", "--replicates-out", ".csv"), ("summarize", "--plot", ".svg")]

def snapshot(path):
    """What must not change: the path's kind, inode, the link's target, the files below it and their bytes."""
    state = {"link": os.readlink(path) if os.path.islink(path) else None, "inode": os.stat(path).st_ino if os.path.exists(path) else None}
    for base, dirs, files in os.walk(path, followlinks=False):
        for name in dirs + files:
            full = os.path.join(base, name)
            with open(full, "rb") if os.path.isfile(full) else open(os.devnull, "rb") as f:
                state[os.path.relpath(full, path)] = (os.path.isdir(full), f.read())
    return state

def directory(trial):
    cmd, option, suffix = random.choice(DIRECTORY_TARGETS)
    path = os.path.join(WORK, f"d{trial}.csv")
    if cmd == "summarize":
        with open(path, "w") as f:
            f.write("chain,draw,lp__,accepted__,mu\n" + "".join(f"{c},{d},{-random.random()!r},{d % 2},{random.gauss(0, 1)!r}\n"
                                                                  for c in (1, 2) for d in range(1, 51)))
        args = [INFER, "summarize", path]
    else:
        (linear_data if cmd == "tune" else gaussian_data)(path)
        args = sane_args(cmd, path)
    target = os.path.join(WORK, f"dir{trial}{suffix}")
    os.makedirs(os.path.join(target, "inner"))
    with open(os.path.join(target, "sentinel"), "wb") as f: f.write(os.urandom(64))
    with open(os.path.join(target, "inner", "sentinel"), "wb") as f: f.write(b"keep me\n")
    how = random.choice(["plain", "slash", "relative", "symlink", "dot"])
    named, cwd, watched = target, None, [target]
    if how == "slash": named = target + "/"
    if how == "dot": named = target + "/."
    if how == "relative": named, cwd = os.path.basename(target), WORK
    if how == "symlink":
        named = os.path.join(WORK, f"link{trial}{suffix}")
        os.symlink(target, named)
        watched.append(named)
    before = [snapshot(p) for p in watched]
    args[-1:-1] = [option, named] + (["--shard", "1/2"] if option == "--replicates-out" else [])
    if random.random() < 0.3: args[-1:-1] = ["--format", "json"]
    rc, out, err, _ = run(args, cwd=cwd)
    problems = stream_problems(cmd, args, rc, out, err, True, 60)
    expected = 64 if option == "--plot" and not named.endswith(".svg") else 65  # "DIR.svg/" is no .svg name: a usage error
    if rc is not None and rc != expected: problems.append(f"exit code {rc}, not {expected}")
    if out: problems.append("stdout not empty")
    for p, state in zip(watched, before):
        if not os.path.lexists(p): problems.append(f"SERIOUS: {p} was deleted")
        elif snapshot(p) != state: problems.append(f"SERIOUS: {p} was changed")
    stray = [n for n in os.listdir(WORK) if n.startswith((f"dir{trial}", f"link{trial}", f".dir{trial}", f".link{trial}")) and os.path.join(WORK, n) not in watched]
    if stray: problems.append(f"stray files {stray}")
    problems += partial_problems(WORK)
    if os.path.islink(named if how == "symlink" else ""): os.remove(named)
    if os.path.isdir(target): shutil.rmtree(target)
    return problems, args, rc, out, err, [path]

# ---- control bytes ----------------------------------------------------------------------------

raw_stdout_controls = []  # control trials that succeeded with raw control bytes on stdout (a problem too)
CONTROLS = ["\x00", "\x1b[31m", "\x1b]0;owned\x07", "\x1b[2J\x1b[H", "\x7f", "\x80", "\x85", "\x9b31m", "\x9f", "\r", "\x08", "\t", "\x07"]
ARG_CONTROLS = [c for c in CONTROLS if c != "\x00"]  # an argument cannot carry NUL

def hostile(text, pool=CONTROLS):
    """text with one to three control sequences put in at random places."""
    for _ in range(random.randint(1, 3)):
        i = random.randint(0, len(text))
        text = text[:i] + random.choice(pool) + text[i:]
    return text

def csv_cell(text):
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text

def control(trial):
    regression = random.random() < 0.3
    cmd = random.choice(["tune", "fit", "bootstrap"] if regression else ["fit", "bootstrap", "laplace", "sample", "compare", "summarize"])
    names = ["x0", "x1", "y"] if regression else (["chain", "draw", "lp__", "accepted__", "mu"] if cmd == "summarize" else ["x"])
    n = random.choice([1, 3, 10, 30])
    rows = []
    for i in range(n):
        if cmd == "summarize": rows.append([str(1 + i % 2), str(1 + i // 2), repr(-random.random()), str(i % 2), repr(random.gauss(0, 1))])
        elif regression: rows.append([repr(random.gauss(0, 1)), repr(random.gauss(0, 1)), repr(random.gauss(0, 1))])
        else: rows.append([repr(random.expovariate(1) + 0.1)])
    kinds = random.sample(["cell", "name", "newline", "long", "long-name", "crlf", "cr", "arg", "path", "plot-path"], random.randint(1, 3))
    for kind in kinds:
        r, c = random.randrange(n), random.randrange(len(names))
        if kind == "cell": rows[r][c] = hostile(rows[r][c])
        if kind == "name": names[c] = hostile(names[c])
        if kind == "newline":  # inside a quoted cell or column name
            if random.random() < 0.5: rows[r][c] = hostile(rows[r][c], ["\n", "\r\n", "\n\x1b[31m"])
            else: names[c] = hostile(names[c], ["\n", "\r\n", "\n\x1b[31m"])
        if kind == "long": rows[r][c] = random.choice(["1" * 100_000, "\x1b[31m" * 20_000, "\x85" * 50_000, "é" * 50_000, "1" + "\x00" * 100_000])
        if kind == "long-name": names[c] = random.choice(["x" * 100_000, "\x1b[31m" * 20_000, "\x7f" * 100_000])
    ending = "\r\n" if "crlf" in kinds else "\r" if "cr" in kinds else "\n"
    text = ending.join(",".join(csv_cell(x) for x in row) for row in [names] + rows) + ending
    filename = f"d{trial}.csv" if "path" not in kinds else hostile(f"d{trial}", ARG_CONTROLS + ["\n", "\u2028"]) + ".csv"
    path = os.path.join(WORK, filename)
    with open(path, "wb") as f: f.write(text.encode("utf-8"))
    if random.random() < 0.1: os.remove(path)  # a missing file named with control bytes
    if cmd == "summarize": args = [INFER, "summarize"]
    elif regression:
        args = [INFER, cmd, "--model", "linear", "--target", names[2] if random.random() < 0.8 else hostile("y", ARG_CONTROLS)]
        if cmd == "tune": args += ["--prior", "gaussian", "--method", "gcv", "--lambdas", "4"]
        if cmd == "bootstrap": args += ["--resamples", "99"]
    else:
        model = random.choice(["gaussian", "exponential", "poisson", "gamma"])
        args = [INFER, cmd, "--model", model, "--prior", {"gaussian": "normal(0,10)", "exponential": "gamma(2,1)", "poisson": "gamma(1,1)", "gamma": "flat"}[model]]
        if cmd == "bootstrap": args += ["--resamples", "99"]
        if cmd in ("sample", "compare"): args += ["--draws", "100", "--warmup", "100", "--chains", "2", "--quiet"]
        if cmd == "compare": args += ["--resamples", "99"]
        if random.random() < 0.5 and "\x00" not in names[0]: args += ["--column", names[0] if random.random() < 0.5 else hostile("x", ARG_CONTROLS)]
    if "arg" in kinds and cmd != "summarize":
        option = random.choice(["--model", "--prior", "--format"] + (["--level"] if cmd != "sample" else []) + (["--statistic"] if cmd == "bootstrap" else []))
        v = {"--model": "gaussian", "--prior": "normal(0,1)", "--level": "0.9", "--format": "json", "--statistic": "mean"}[option]
        args = with_option(args, option, hostile(v, ARG_CONTROLS) if random.random() < 0.8 else hostile(v, ARG_CONTROLS) * 3000, before_file=False)
        if option == "--statistic" and "--model" in args:  # either --statistic or --model
            i = args.index("--model"); del args[i:i + 2]
            if "--prior" in args: i = args.index("--prior"); del args[i:i + 2]
    outputs = []
    if "plot-path" in kinds:
        missing = random.random() < 0.5  # in a directory that does not exist: the error quotes the path
        name = hostile("figure", ARG_CONTROLS + ["\n"]) + ".svg"
        outputs.append(os.path.join(WORK, "no\x1b[31mdir" if missing else "", name))
        args += ["--plot", outputs[-1]]
    if "\x00" in "".join(args): args = [a.replace("\x00", "") for a in args]
    args += ["--format", random.choice(["json", "table"])] if "--format" not in args else []
    args.append(path)
    rc, out, err, _ = run(args)
    problems = stream_problems(cmd, args, rc, out, err, True, 60) + output_problems(rc, outputs) + partial_problems(WORK)
    if rc == 0 and any(b < 0x20 and b not in b"\n" or b == 0x7f for b in out) or C1.search(out):
        raw_stdout_controls.append(trial)
        problems.append("raw control bytes on standard output (a name or path the user gave must be escaped)")
    kept = os.path.join(WORK, f"d{trial}.csv")
    if path != kept and os.path.exists(path): os.rename(path, kept)
    if not os.path.exists(kept): open(kept, "wb").write(text.encode("utf-8"))
    return problems, args, rc, out, err, [kept]

# ---- signals during writes --------------------------------------------------------------------

signal_stats = {"tries": 0, "random time": 0, "signalled": 0, "*.partial seen": 0, "mid-write": 0, "random mid-write": 0,
                "complete file kept": 0, "finished first": 0}
typical_seconds = [0.5]

def draws_complete(path, chains, draws):
    """Why the draws file at path is not complete (None when it is)."""
    with open(path, "rb") as f: data = f.read()
    if not data.endswith(b"\n"): return "does not end with a newline"
    lines = [l for l in data.decode("utf-8").split("\n")[:-1] if not l.startswith("#")]  # past the comment lines
    header = lines[0].split(",")
    if header[:4] != ["chain", "draw", "lp__", "accepted__"] or len(header) < 5: return f"header {lines[0][:80]!r}"
    if len(lines) - 1 != chains * draws: return f"{len(lines) - 1} rows, not {chains * draws}"
    for k, line in enumerate(lines[1:]):
        cells = line.split(",")
        if len(cells) != len(header): return f"row {k + 1} has {len(cells)} cells"
        if cells[0] != str(1 + k // draws) or cells[1] != str(1 + k % draws): return f"row {k + 1} is chain {cells[0]} draw {cells[1]}"
    return None

def signal_trial(trial):
    path = os.path.join(WORK, f"d{trial}.csv")
    with open(path, "w") as f: f.write("x\n" + "".join(f"{random.expovariate(2)!r}\n" for _ in range(random.choice([5, 20, 50]))))
    out_dir = os.path.join(WORK, f"sig{trial}")
    os.makedirs(out_dir)
    chains, draws = random.choice([1, 2, 4]), 20000
    target = os.path.join(out_dir, "draws.csv")
    args = [INFER, "sample", "--model", "exponential", "--prior", "gamma(2,1)", "--draws", str(draws), "--warmup", "200", "--chains", str(chains),
            "--proposal", "random-walk", "--quiet", "--draws-out", target, "--format", "json", path]
    outputs = [target]
    if random.random() < 0.3:
        outputs.append(os.path.join(out_dir, "figure.svg")); args[-1:-1] = ["--plot", outputs[-1]]
    sig = random.choice([signal.SIGTERM, signal.SIGINT])
    at_random = random.random() < SIGNAL_RANDOM_SHARE
    deadline = random.uniform(0, 1.2 * sorted(typical_seconds)[len(typical_seconds) // 2]) if at_random else None
    signal_stats["tries"] += 1
    signal_stats["random time"] += at_random
    start = time.monotonic()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent, seen = False, False  # the signal sent; a *.partial in the directory when it was
    def send():  # the pid stays valid until poll() reaps it, so a signal never reaches another process
        if proc.poll() is None: proc.send_signal(sig); return True
        return False
    while proc.poll() is None and not sent:
        if at_random:
            if time.monotonic() - start >= deadline:
                seen = any(n.endswith(".partial") for n in os.listdir(out_dir))
                sent = send()
                if not sent: break
        elif any(n.endswith(".partial") for n in os.listdir(out_dir)):
            sent = seen = send()
            if not sent: break
        if time.monotonic() - start > 60: proc.kill(); break
        time.sleep(0.0002)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill(); out, err = proc.communicate()
    rc = proc.returncode
    if not sent and rc == 0: typical_seconds.append(time.monotonic() - start)
    written = os.path.exists(target)
    signal_stats["signalled"] += sent
    if seen:
        signal_stats["*.partial seen"] += 1
        if rc == -sig and not written: signal_stats["random mid-write" if at_random else "mid-write"] += 1
    if sent and written: signal_stats["complete file kept"] += rc == -sig
    if sent and rc == 0: signal_stats["finished first"] += 1
    problems = []
    if rc == -signal.SIGKILL: problems.append("timeout: no exit within 60 s")
    elif rc not in (0, -sig): problems.append(f"exit code {rc} (sent {signal.Signals(sig).name if sent else 'nothing'})")
    if rc == 0: problems += stream_problems("sample", args, rc, out, err, False, 60)
    leftovers = [n for n in os.listdir(out_dir) if n not in ("draws.csv", "figure.svg")]
    if leftovers: problems.append(f"left in the output directory: {leftovers}")
    if os.path.exists(target):
        why = draws_complete(target, chains, draws)
        if why: problems.append(f"an incomplete draws file: {why}")
    if len(outputs) > 1 and os.path.exists(outputs[1]):
        try: xml.dom.minidom.parse(outputs[1])
        except Exception: problems.append("an incomplete figure")
    if rc == 0: problems += [p for p in output_problems(rc, outputs) if "missing" in p]
    if not problems: shutil.rmtree(out_dir)
    elif os.path.isdir(out_dir): os.rename(out_dir, os.path.join(WORK, f"bad{trial}-out"))
    return problems, args + [f"# {signal.Signals(sig).name}" + (" at a random time" if at_random else " at the first *.partial") if sent else "# no signal sent"], rc, out, err, [path]

# ---- the sweep --------------------------------------------------------------------------------

CLASSES = {"absurd": absurd, "directory": directory, "control": control, "signal": signal_trial}
passed = failed = 0
per_class = {}
for trial in range(int(sys.argv[2]) if len(sys.argv) > 2 else 200):
    r, name = random.random(), "classic"
    for c, share in SHARES.items():
        if r < share: name = c; break
        r -= share
    problems, args, rc, out, err, data = (CLASSES.get(name, classic))(trial)
    counts = per_class.setdefault(name, [0, 0])
    if os.environ.get("VERBOSE"): print(f"trial {trial} [{name}] exit {rc}: {command_line(args)[:300]}  stderr: {escaped(err, 160)}")
    if problems:
        failed += 1; counts[1] += 1
        print(f"PROBLEM trial {trial} [{name}]: " + "; ".join(problems))
        print(f"  command: {command_line(args)}")
        print(f"  exit: {rc}  stderr: {err[:200]!r}" + (f"…(+{len(err) - 200} bytes)" if len(err) > 200 else ""))
        if out: print(f"  stdout: {out[:200]!r}" + (f"…(+{len(out) - 200} bytes)" if len(out) > 200 else ""))
        for k, p in enumerate(data):
            kept = os.path.join(WORK, f"bad{trial}.csv" if k == 0 else f"bad{trial}-{k}.csv")
            if os.path.exists(p): os.rename(p, kept)
            with open(kept, "rb") as f: content = f.read()
            print(f"  data: {kept} ({len(content)} bytes): {content[:200]!r}" + ("…" if len(content) > 200 else ""))
        sys.stdout.flush()
    else:
        passed += 1; counts[0] += 1
        for p in data:
            if os.path.exists(p): os.remove(p)
print("classes: " + ", ".join(f"{c} {p} passed {f} failed" for c, (p, f) in sorted(per_class.items())))
print(f"control trials that succeeded with raw control bytes on stdout: {len(raw_stdout_controls)} {raw_stdout_controls[:10]}")
print("signal trials: " + ", ".join(f"{k} {v}" for k, v in signal_stats.items()))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
