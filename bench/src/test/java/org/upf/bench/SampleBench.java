package org.upf.bench;

/** Benchmark-shaped class for {@link JmhFiguresTest}: the figure annotations the report reads. */
public class SampleBench {
    @Figure(name = "sample.{kind}.rate", unit = "Mpps", scale = 1e-6)
    @Figure(name = "sample.{kind}.alloc", metric = "gc.alloc.rate.norm", unit = "B/op")
    @Figure(name = "sample.{kind}.kernel", metric = "kernelNanos/packets", unit = "ns/packet")
    public void rate() {}

    @Figure(name = "sample.{kind}.rate.ratio_to_base", metric = "", unit = "ratio", baseline = "sample.base")
    public void relative() {}

    @Figure(name = "sample.base", unit = "Mpps", scale = 1e-6)
    public void base() {}

    @Figure(name = "sample.needs_gc", metric = "gc.alloc.rate.norm", unit = "B/op")
    public void withoutProfiler() {}

    public void unannotated() {}
}
