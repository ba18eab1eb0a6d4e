# The README's commands. Each one does its own host set-up (packages, bpffs) first.
MVN ?= mvn -B -ntp

.PHONY: setup build test bench fuzz clean
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

clean:
	$(MVN) -q clean
