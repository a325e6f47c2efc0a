# Reference values for nonparametric bootstrap confidence intervals, from R's
# boot package (boot() with sim = "ordinary", stype = "i", then boot.ci()).
#
# What it makes (all in Tests/References/bootstrap/):
#   aircondit.csv  boot::aircondit, column hours (n = 12)
#   law.csv        law school data, columns LSAT,GPA (n = 15); see LAW_NOTE below
#   city.csv       boot::city, columns u,x (n = 10)
#   boot.json      per case: t0, bootstrap standard error and bias, BCa z0 and
#                  acceleration, 95% percentile / basic / BCa (/ studentized)
#                  endpoints at a very large R, and the Monte-Carlo sd of every
#                  endpoint at R = 9,999.
#
# How it is meant to be used: the project's bootstrap draws its own random
# numbers, so its endpoints can only agree with these WITHIN MONTE-CARLO ERROR.
# "intervals" is the large-R ("true") value: the average of LARGE_RUNS
# independent boot() runs of R = LARGE_R replicates each. "monteCarloSd" is the
# sd of each endpoint over MC_REPS independent runs at R = MC_R (9,999), i.e.
# the spread to expect of a single R = 9,999 run around "intervals".
# "referenceSe" is the Monte-Carlo standard error of "intervals" itself
# (sd over the LARGE_RUNS runs / sqrt(LARGE_RUNS)).
#
# Rerun from the repository root (needs r-base-core and r-cran-boot only):
#   Rscript Tests/References/bootstrap/boot.R
# Deterministic: every bootstrap run sets its own fixed seed (Mersenne-Twister,
# Inversion, Rejection sampling), so the result does not depend on the number
# of worker processes (BOOT_REF_CORES, default min(2, cores)). Runtime about
# 5-6 minutes on 2 cores.

suppressPackageStartupMessages({
  library(boot)
  library(parallel)
})
RNGkind("Mersenne-Twister", "Inversion", "Rejection")

args <- commandArgs(trailingOnly = FALSE)
fileArg <- sub("^--file=", "", args[grep("^--file=", args)])
outDir <- if (length(fileArg) == 1L) dirname(normalizePath(fileArg)) else
  file.path("Tests", "References", "bootstrap")

CONF <- 0.95
LARGE_R <- 199999L      # replicates in each large run
LARGE_RUNS <- 10L       # independent large runs averaged for "intervals"
MC_R <- 9999L           # replicates of the runs whose spread is "monteCarloSd"
MC_REPS <- 100L         # number of such runs
CORES <- as.integer(Sys.getenv("BOOT_REF_CORES", min(2L, detectCores())))
SEED_LARGE <- 20240000L # run j of data set d uses seed base + 1000 * d + j
SEED_MC <- 20250000L

started <- proc.time()[["elapsed"]]

# ---------------------------------------------------------------- data sets
aircondit_df <- data.frame(hours = as.numeric(boot::aircondit$hours))
city_df <- data.frame(u = as.numeric(boot::city$u), x = as.numeric(boot::city$x))
# LAW_NOTE: the boot package does not ship the law school data (boot 1.3-28 has
# no `law`); it is in CRAN package `bootstrap` (not packaged for Debian), whose
# `law` stores GPA x 100. These are the 15 schools of Efron & Tibshirani (1993),
# An Introduction to the Bootstrap, Table 3.1, with GPA on its usual scale
# (the correlation is the same either way).
law_df <- data.frame(
  LSAT = c(576, 635, 558, 578, 666, 580, 555, 661, 651, 605, 653, 575, 545, 572, 594),
  GPA = c(3.39, 3.30, 2.81, 3.03, 3.44, 3.07, 3.00, 3.43, 3.36, 3.13, 3.12, 2.74,
          2.76, 2.88, 2.96))

write.csv(aircondit_df, file.path(outDir, "aircondit.csv"), row.names = FALSE, quote = FALSE)
write.csv(law_df, file.path(outDir, "law.csv"), row.names = FALSE, quote = FALSE)
write.csv(city_df, file.path(outDir, "city.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------- statistics
# One statistic function per data set returns every statistic of that data set,
# so one set of resamples serves all its cases (each case's reference values are
# still those of its own statistic; only their Monte-Carlo errors are correlated).
airStat <- function(d, i) {
  x <- d$hours[i]
  c(mean(x),                                  # 1 mean
    var(x) / length(x),                       # 2 variance of the mean (studentized)
    median(x),                                # 3 median
    sd(x),                                    # 4 sd, ddof = 1
    var(x),                                   # 5 var, ddof = 1
    mean(x, trim = 0.25),                     # 6 25% trimmed mean
    quantile(x, 0.9, type = 7, names = FALSE))# 7 quantile 0.9, type 7
}
lawStat <- function(d, i) cor(d$LSAT[i], d$GPA[i])
cityStat <- function(d, i) sum(d$x[i]) / sum(d$u[i])

datasets <- list(
  list(name = "aircondit", file = "aircondit.csv", df = aircondit_df, stat = airStat,
       cases = list(
         list(id = "aircondit-mean", columns = "hours", statistic = "mean",
              definition = "mean(hours)", index = 1L, varIndex = 2L,
              studentizedVariance = "var(hours*) / n (ddof = 1), var.t0 = var(hours) / n"),
         list(id = "aircondit-median", columns = "hours", statistic = "median",
              definition = "median(hours)", index = 3L),
         list(id = "aircondit-sd", columns = "hours", statistic = "sd",
              definition = "sd(hours), ddof = 1", index = 4L),
         list(id = "aircondit-var", columns = "hours", statistic = "var",
              definition = "var(hours), ddof = 1", index = 5L),
         list(id = "aircondit-trimmed-mean-0.25", columns = "hours", statistic = "trimmedMean",
              definition = "mean(hours, trim = 0.25): mean of order statistics floor(0.25 n) + 1 .. n - floor(0.25 n)",
              trim = 0.25, index = 6L),
         list(id = "aircondit-quantile-0.9", columns = "hours", statistic = "quantile",
              definition = "quantile(hours, 0.9, type = 7)", probability = 0.9, index = 7L))),
  list(name = "law", file = "law.csv", df = law_df, stat = lawStat,
       cases = list(
         list(id = "law-correlation", columns = c("LSAT", "GPA"), statistic = "pearsonCorrelation",
              definition = "cor(LSAT, GPA)", index = 1L))),
  list(name = "city", file = "city.csv", df = city_df, stat = cityStat,
       cases = list(
         list(id = "city-ratio", columns = c("u", "x"), statistic = "ratioOfMeans",
              definition = "sum(x) / sum(u)", index = 1L))))

# ---------------------------------------------------------------- helpers
jackknife <- function(ds, k) {
  n <- nrow(ds$df)
  thetaMinus <- vapply(seq_len(n), function(i) ds$stat(ds$df, seq_len(n)[-i])[k], 0)
  t0 <- ds$stat(ds$df, seq_len(n))[k]
  U <- (n - 1) * (mean(thetaMinus) - thetaMinus)  # centred jackknife (Efron)
  V <- (n - 1) * (t0 - thetaMinus)                # boot's empinf(type = "jack")
  list(L = U, a = sum(U^3) / (6 * sum(U^2)^1.5),
       Lboot = V, aBoot = sum(V^3) / (6 * sum(V^2)^1.5))
}

ENDPOINTS <- c("percentile", "basic", "bca", "bcaJackknife", "studentized")

# Everything one bootstrap run says about one case, as a named numeric vector.
analyse <- function(b, case, Ljack) {
  k <- case$index
  t0 <- b$t0[k]
  t <- b$t[, k]
  t <- t[is.finite(t)]
  # boot.ci's default L for BCa: bca.ci calls empinf(boot.out, index = k), which
  # for an ordinary (stype "i") bootstrap is type = "reg" (regression of t* on
  # the resampling frequencies). It is computed once here and passed on, which
  # gives exactly boot.ci's default (checked below).
  Lreg <- empinf(b, index = k)
  ci <- boot.ci(b, conf = CONF, type = c("perc", "basic", "bca"), index = k, L = Lreg)
  cij <- boot.ci(b, conf = CONF, type = "bca", index = k, L = Ljack)
  stud <- c(NA_real_, NA_real_)
  if (!is.null(case$varIndex)) {
    cis <- boot.ci(b, conf = CONF, type = "stud", index = c(k, case$varIndex),
                   var.t0 = b$t0[case$varIndex])
    stud <- cis$student[4:5]
  }
  c(percentile = ci$percent[4:5], basic = ci$basic[4:5], bca = ci$bca[4:5],
    bcaJackknife = cij$bca[4:5], studentized = stud,
    standardError = sd(t), bias = mean(t) - t0,
    pLess = mean(t < t0), pTies = mean(t == t0),
    acceleration = sum(Lreg^3) / (6 * sum(Lreg^2)^1.5),
    z0 = qnorm(mean(t < t0)))
}

runOnce <- function(ds, R, seed, jacks) {
  set.seed(seed)
  b <- boot(ds$df, ds$stat, R = R, sim = "ordinary", stype = "i")
  do.call(rbind, lapply(seq_along(ds$cases), function(ci)
    analyse(b, ds$cases[[ci]], jacks[[ci]]$L)))
}

# ---------------------------------------------------------------- self-check
# Passing L = empinf(b, index) reproduces boot.ci's default BCa exactly, and
# boot's own jackknife (empinf type "jack", i.e. usual.jack) is the uncentred
# (n - 1)(t0 - theta_(-i)), recorded as accelerationJackknifeBoot.
suppressWarnings(local({
  ds <- datasets[[1]]
  set.seed(1L)
  b <- boot(ds$df, ds$stat, R = 999L, sim = "ordinary", stype = "i")
  for (case in ds$cases) {
    def <- boot.ci(b, conf = CONF, type = "bca", index = case$index)$bca
    mine <- boot.ci(b, conf = CONF, type = "bca", index = case$index,
                    L = empinf(b, index = case$index))$bca
    stopifnot(identical(def, mine))
    Lj <- empinf(b, index = case$index, type = "jack")
    stopifnot(isTRUE(all.equal(as.numeric(Lj), jackknife(ds, case$index)$Lboot)))
  }
}))

# Exact (R = infinity) bootstrap moments where closed forms exist, as a check
# on standardError and bias: resampling n values with replacement from x,
#   mean:  E* = mean(x), sd* = sqrt(m2 / n)
#   var:   E* = m2 (so bias = -var(x) / n), Var* = m4 / n - m2^2 (n - 3) / (n (n - 1))
# with m_k = mean((x - mean(x))^k), the plug-in central moments.
exactMoments <- local({
  x <- aircondit_df$hours
  n <- length(x)
  m2 <- mean((x - mean(x))^2)
  m4 <- mean((x - mean(x))^4)
  list("aircondit-mean" = c(standardError = sqrt(m2 / n), bias = 0),
       "aircondit-var" = c(standardError = sqrt(m4 / n - m2^2 * (n - 3) / (n * (n - 1))),
                           bias = m2 - var(x)))
})

# ---------------------------------------------------------------- the runs
fmt <- function(x) {
  if (length(x) == 1L && is.na(x)) return("null")
  s <- sprintf("%.15g", x)
  s[!is.finite(x)] <- "null"
  s
}
jsonStr <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
jsonArr <- function(x, str = FALSE) paste0("[", paste(if (str) jsonStr(x) else fmt(x), collapse = ", "), "]")
pair <- function(v, name) v[paste0(name, 1:2)]

caseJson <- character(0)
summaryLines <- character(0)
for (d in seq_along(datasets)) {
  ds <- datasets[[d]]
  jacks <- lapply(ds$cases, function(case) jackknife(ds, case$index))
  large <- mclapply(seq_len(LARGE_RUNS), function(j)
    runOnce(ds, LARGE_R, SEED_LARGE + 1000L * d + j, jacks),
    mc.cores = CORES, mc.preschedule = FALSE)
  mc <- mclapply(seq_len(MC_REPS), function(j)
    runOnce(ds, MC_R, SEED_MC + 1000L * d + j, jacks),
    mc.cores = CORES, mc.preschedule = TRUE)
  for (err in c(large, mc)) if (inherits(err, "try-error")) stop(err)
  t0All <- ds$stat(ds$df, seq_len(nrow(ds$df)))
  for (ci in seq_along(ds$cases)) {
    case <- ds$cases[[ci]]
    L <- do.call(rbind, lapply(large, function(m) m[ci, ]))
    M <- do.call(rbind, lapply(mc, function(m) m[ci, ]))
    ref <- colMeans(L)
    refSe <- apply(L, 2, sd) / sqrt(nrow(L))
    mcSd <- apply(M, 2, sd)
    kinds <- if (is.null(case$varIndex)) ENDPOINTS[1:4] else ENDPOINTS
    ivl <- paste(vapply(kinds, function(kd) paste0("\"", kd, "\": ", jsonArr(pair(ref, kd))), ""),
                 collapse = ", ")
    sds <- paste(vapply(kinds, function(kd) paste0("\"", kd, "\": ", jsonArr(pair(mcSd, kd))), ""),
                 collapse = ", ")
    rse <- paste(vapply(kinds, function(kd) paste0("\"", kd, "\": ", jsonArr(pair(refSe, kd))), ""),
                 collapse = ", ")
    scal <- c("standardError", "bias", "z0", "acceleration")
    sdsScalar <- paste(vapply(scal, function(s) paste0("\"", s, "\": ", fmt(mcSd[[s]])), ""),
                       collapse = ", ")
    extra <- character(0)
    if (!is.null(case$studentizedVariance))
      extra <- c(extra, paste0("\"studentizedVariance\": ", jsonStr(case$studentizedVariance)))
    if (!is.null(case$trim)) extra <- c(extra, paste0("\"trim\": ", fmt(case$trim)))
    if (!is.null(exactMoments[[case$id]]))
      extra <- c(extra, paste0("\"exact\": {\"standardError\": ", fmt(exactMoments[[case$id]][["standardError"]]),
                               ", \"bias\": ", fmt(exactMoments[[case$id]][["bias"]]), "}"))
    if (!is.null(case$probability)) extra <- c(extra, paste0("\"probability\": ", fmt(case$probability)))
    fields <- c(
      paste0("\"id\": ", jsonStr(case$id)),
      paste0("\"data\": ", jsonStr(ds$file)),
      paste0("\"columns\": ", jsonArr(case$columns, str = TRUE)),
      paste0("\"statistic\": ", jsonStr(case$statistic)),
      paste0("\"definition\": ", jsonStr(case$definition)),
      extra,
      paste0("\"n\": ", nrow(ds$df)),
      paste0("\"t0\": ", fmt(t0All[case$index])),
      paste0("\"standardError\": ", fmt(ref[["standardError"]])),
      paste0("\"bias\": ", fmt(ref[["bias"]])),
      paste0("\"z0\": ", fmt(qnorm(ref[["pLess"]]))),
      paste0("\"pLess\": ", fmt(ref[["pLess"]])),
      paste0("\"pTies\": ", fmt(ref[["pTies"]])),
      paste0("\"acceleration\": ", fmt(ref[["acceleration"]])),
      paste0("\"accelerationMethod\": ", jsonStr("boot.ci default: empinf type 'reg' (regression of t* on resampling frequencies), averaged over the large runs")),
      paste0("\"accelerationJackknife\": ", fmt(jacks[[ci]]$a)),
      paste0("\"accelerationJackknifeBoot\": ", fmt(jacks[[ci]]$aBoot)),
      paste0("\"jackknifeInfluence\": ", jsonArr(jacks[[ci]]$L)),
      paste0("\"intervals\": {", ivl, "}"),
      paste0("\"monteCarloSd\": {", sds, ", ", sdsScalar, "}"),
      paste0("\"referenceSe\": {", rse, "}"),
      paste0("\"largeR\": ", LARGE_R),
      paste0("\"largeRRuns\": ", LARGE_RUNS),
      paste0("\"monteCarloR\": ", MC_R),
      paste0("\"monteCarloReps\": ", MC_REPS))
    caseJson <- c(caseJson, paste0("    {\n      ", paste(fields, collapse = ",\n      "), "\n    }"))
    line <- sprintf("%-28s t0=%-10.6g se=%-9.5g bias=%-10.4g z0=%-8.4f a=%-8.4f aJack=%-8.4f",
                    case$id, t0All[case$index], ref[["standardError"]], ref[["bias"]],
                    qnorm(ref[["pLess"]]), ref[["acceleration"]], jacks[[ci]]$a)
    for (kd in kinds) line <- paste0(line, sprintf("\n    %-13s [%.6g, %.6g]  mcSd(R=%d) [%.4g, %.4g]  refSe [%.2g, %.2g]",
                                                  kd, pair(ref, kd)[1], pair(ref, kd)[2], MC_R,
                                                  pair(mcSd, kd)[1], pair(mcSd, kd)[2],
                                                  pair(refSe, kd)[1], pair(refSe, kd)[2]))
    summaryLines <- c(summaryLines, line)
  }
  cat(sprintf("%s done after %.0f s\n", ds$name, proc.time()[["elapsed"]] - started))
}

notes <- c(
  "Nonparametric bootstrap: boot(data, statistic, R, sim = 'ordinary', stype = 'i'); boot.ci(conf = 0.95).",
  "intervals = mean over largeRRuns independent runs of R = largeR; referenceSe = their sd / sqrt(largeRRuns); monteCarloSd = sd over monteCarloReps runs of R = monteCarloR (compare one R = 9,999 run of the project with intervals +- a few monteCarloSd).",
  "percentile: order statistic (R + 1) * alpha of t*, interpolated on the normal-quantile scale when not an integer (boot's norm.inter; with R = 9,999 or 199,999 and conf 0.95 it is an exact order statistic). basic = 2 t0 - percentile, reversed.",
  "bca: z0 = qnorm(#{t* < t0} / R) (strict <, ties not split; see pLess, pTies); a = sum(L^3) / (6 sum(L^2)^1.5) with boot.ci's default L = empinf(boot.out, index), which for an ordinary bootstrap is type 'reg' (regression estimate from the bootstrap replicates), NOT the jackknife; 'acceleration' is that value averaged over the large runs. bcaJackknife: the same BCa with L = jackknife influence values U_i = (n - 1)(mean(theta_(-i)) - theta_(-i)) passed to boot.ci (acceleration = accelerationJackknife), as most other implementations do. accelerationJackknifeBoot: the same formula with boot's own empinf(type = 'jack') values (n - 1)(t0 - theta_(-i)), uncentred, which differs when mean(theta_(-i)) != t0.",
  "z0 here is qnorm(pLess) with pLess averaged over the large runs; standardError = sd(t*), bias = mean(t*) - t0, averaged over the large runs.",
  "studentized (aircondit-mean only): statistic returns c(mean(x*), var(x*) / n); boot.ci(type = 'stud', index = c(1, 2), var.t0 = var(x) / n); endpoints t0 - sqrt(var.t0) * z*_(1-alpha), t0 - sqrt(var.t0) * z*_(alpha) with z* = (t* - t0) / sqrt(v*).",
  "law.csv: Efron & Tibshirani (1993) Table 3.1 (15 law schools); the boot package does not ship it (CRAN package bootstrap's law, which stores GPA x 100).")

json <- paste0(
  "{\n",
  "  \"generatedBy\": \"Tests/References/bootstrap/boot.R (Rscript Tests/References/bootstrap/boot.R from the repository root)\",\n",
  "  \"R\": ", jsonStr(paste(R.version$major, R.version$minor, sep = ".")), ",\n",
  "  \"boot\": ", jsonStr(as.character(packageVersion("boot"))), ",\n",
  "  \"conf\": ", fmt(CONF), ",\n",
  "  \"notes\": ", jsonArr(notes, str = TRUE), ",\n",
  "  \"cases\": [\n", paste(caseJson, collapse = ",\n"), "\n  ]\n}\n")
writeLines(json, file.path(outDir, "boot.json"), sep = "")
writeLines(summaryLines)
cat(sprintf("wrote %s in %.0f s (%d worker(s))\n", file.path(outDir, "boot.json"),
            proc.time()[["elapsed"]] - started, CORES))
