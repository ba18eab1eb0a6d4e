# The README's commands. Each one does its own host set-up (packages, bpffs) first.
MVN ?= mvn -B -ntp

.PHONY: setup build test bench fuzz demo clean
setup:
	bash scripts/setup-host.sh

build: setup
	$(MVN) -DskipTests install

# All tests: unit, codec conformance, BPF programs in the kernel, veth/namespace tests, fuzz regression.
test: setup
	$(MVN) install

# JMH and data-path benchmarks: prints a table, appends JSON lines to target/bench/results.jsonl.
bench: build
	bash scripts/bench.sh

# A bounded real fuzzing run (60 s per @FuzzTest) of the PFCP decoder; see docs/pfcp-conformance.md.
fuzz: setup
	$(MVN) -pl pfcp -am test -Pfuzz

# The lab (docs/lab.md): namespaces, the agent with XDP, emulated SMF and gNB/UEs, 100 sessions, traffic, a
# handover, a summary with checks; exit code 1 if one failed. Everything is removed afterwards.
demo: setup
	$(MVN) -q -DskipTests -pl lab -am package
	bin/upf-lab demo

clean:
	$(MVN) -q clean
