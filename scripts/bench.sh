#!/usr/bin/env bash
# `make bench` (after `make build`): runs every JMH benchmark of bench/target/benchmarks.jar with short, bounded
# settings, then prints the figures as a table and appends them to target/bench/results.jsonl
# (one JSON object per line: name, value, unit[, error][, baseline], cores, time). See docs/performance.md.
#
# Environment: JMH_OPTS replaces the default run settings; BENCH_FILTER (a JMH regexp, e.g. PfcpCodecBench)
# selects benchmarks (BENCH_FILTER=SignallingBench: only the signalling benchmark); SIGNALLING_OPTS replaces the
# signalling benchmark's options (e.g. "--sessions 100000" to skip the 1M run); DATAPLANE_ROUNDS=N runs only the
# live-frames redirect and the UPF with one session, N rounds interleaved (redirect, UPF, redirect, UPF, ...), and
# reports each round's ratios with their median, min and max over the rounds (DATAPLANE_ROUNDS_FILTER: another JMH
# regexp for the rounds, e.g. with FloorLiveFramesBench). Needs root: the BPF benchmarks load
# programs and create network namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=bench/target/benchmarks.jar
OUT=target/bench
[ -f "$JAR" ] || { echo "bench: $JAR is missing; run 'make build' first" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root (BPF programs, XDP, network namespaces)" >&2; exit 1; }
mkdir -p "$OUT"

# One fork per benchmark, 3 x 1 s warm-up, 5 x 1 s measured: about 2.5 minutes for the whole set on 2 cores.
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
echo "bench: $(nproc) cores, kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# DATAPLANE_ROUNDS: the ratio to the redirect at one session moves by +-15 % between single runs, with the host's
# state minutes apart between baseline and UPF; rounds interleave them and the median takes the odd round out.
if [ -n "${DATAPLANE_ROUNDS:-}" ]; then
  [[ $DATAPLANE_ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: DATAPLANE_ROUNDS must be a positive number" >&2; exit 1; }
  filter=${DATAPLANE_ROUNDS_FILTER:-'org.upf.bench.dataplane.(Redirect|Upf)LiveFramesBench'}
  echo "bench: $DATAPLANE_ROUNDS rounds of java -jar $JAR $JMH_OPTS -foe true -p sessions=1 $filter"
  rounds=()
  for r in $(seq "$DATAPLANE_ROUNDS"); do
    echo "bench: round $r, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    # shellcheck disable=SC2086
    java -jar "$JAR" $JMH_OPTS -foe true -p sessions=1 -rf json -rff "$OUT/round-$r.json" "$filter" \
        >"$OUT/round-$r.log" 2>&1 || { tail -n 40 "$OUT/round-$r.log" >&2; echo "bench: round $r failed" >&2; exit 1; }
    rounds+=("$OUT/round-$r.json")
  done
  exec java -cp "$JAR" org.upf.bench.BenchReport --results "$OUT/results.jsonl" --rounds "${rounds[@]}"
fi
[ "${BENCH_FILTER:-}" = SignallingBench ] ||
  echo "bench: java -jar $JAR $JMH_OPTS -prof gc -foe true ${BENCH_FILTER:-} (full JMH log: $OUT/jmh.log)"
# -prof gc gives the bytes allocated per operation; -foe: a failing benchmark fails the run.
# The full JMH output goes to the log; the terminal shows one line per benchmark as it starts.
# shellcheck disable=SC2086
if [ "${BENCH_FILTER:-}" != SignallingBench ] && ! java -jar "$JAR" $JMH_OPTS -prof gc -foe true -rf json -rff "$OUT/jmh.json" ${BENCH_FILTER:-} 2>&1 \
    | tee "$OUT/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):' | sed -u 's/^# /bench: /'; then
  tail -n 40 "$OUT/jmh.log" >&2
  echo "bench: JMH failed; see $OUT/jmh.log" >&2
  exit 1
fi
[ "${BENCH_FILTER:-}" = SignallingBench ] || \
  java -cp "$JAR" org.upf.bench.BenchReport --results "$OUT/results.jsonl" "$OUT/jmh.json"

# Signalling (issue 5): the agent under the SMF emulator's load, 100k and 1M sessions, bounded (--limit per run);
# about 2.5 minutes. Not JMH: one long run per figure. The JVM's own log goes to $OUT/signalling.log.
if [ -z "${BENCH_FILTER:-}" ] || [[ SignallingBench =~ ${BENCH_FILTER} ]]; then
  # Two JVMs. The agent process of the `latency.process` figures runs as bin/upf agent starts it (bin/agent-java:
  # a JDK >= 21 with ZGC where there is one), and its SMF emulator runs on the same runtime and options, so that
  # the emulator's own GC pauses do not show as agent latency. The in-process figures (rate.cpu, heap per session;
  # agent and emulator in one JVM) run on `java` with the G1 options of bin/agent-jvm.options, where the heap
  # measurement is reliable. UPF_AGENT_JVM_OPTS replaces the options of both. Why: docs/performance.md, "Latency
  # tail (branch p99)". The emulator stands for the SMF, another machine: a 2 GB pre-touched heap it is asked to stay
  # within, and a collection just before the measured window (SignallingBench), keep its own GC cycles out of that
  # window ("Scheduling the event loop first"); the agent's JVM keeps its options.
  emulator_heap="-Xms2g -XX:SoftMaxHeapSize=2g -XX:+AlwaysPreTouch"
  agent_opts=${UPF_AGENT_JVM_OPTS-$(grep -v '^#' bin/agent-jvm.options | tr '\n' ' ')}
  echo "bench: $(bin/agent-java --print | tr '\n' ' ')-Xmx8g $emulator_heap -cp $JAR org.upf.bench.agent.SignallingBench ${SIGNALLING_OPTS:-} --only process"
  echo "bench: $(bin/agent-java --print | tr '\n' ' ')-Xmx8g $emulator_heap -cp $JAR org.upf.bench.agent.SignallingBench ${SIGNALLING_OPTS:-} --only floor"
  echo "bench: java -Xmx8g $agent_opts-cp $JAR org.upf.bench.agent.SignallingBench ${SIGNALLING_OPTS:-} --only inprocess"
  # The latency floor (about 25 s): the process run again with a responder that does nothing in the agent's place
  # (FloorResponder), the same launcher, options, emulator, warm-up, rate and count: what the host alone costs.
  # shellcheck disable=SC2086
  { bin/agent-java -Xmx8g $emulator_heap -cp "$JAR" org.upf.bench.agent.SignallingBench ${SIGNALLING_OPTS:-} --only process \
      --results "$OUT/results.jsonl" \
    && bin/agent-java -Xmx8g $emulator_heap -cp "$JAR" org.upf.bench.agent.SignallingBench ${SIGNALLING_OPTS:-} --only floor \
      --results "$OUT/results.jsonl" \
    && java -Xmx8g $agent_opts -cp "$JAR" org.upf.bench.agent.SignallingBench ${SIGNALLING_OPTS:-} --only inprocess \
      --results "$OUT/results.jsonl"; } 2>"$OUT/signalling.log" \
    || { tail -n 20 "$OUT/signalling.log" >&2; echo "bench: signalling failed; see $OUT/signalling.log" >&2; exit 1; }
fi
