package org.upf.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which figure of {@code results.jsonl} a JMH {@code @Benchmark} method produces, so a new benchmark
 * joins the report by annotation alone. {@link BenchReport} reads these from the benchmark class named in the
 * JMH JSON output. {@code {param}} in a name is replaced by that JMH {@code @Param}'s value.
 *
 * <pre>{@code
 * @Benchmark
 * @Figure(name = "pfcp.decode.{message}", unit = "msg/s")
 * @Figure(name = "pfcp.decode.{message}.alloc", metric = "gc.alloc.rate.norm", unit = "B/msg")
 * public PfcpMessage decode() { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Figures.class)
public @interface Figure {
    String name();

    String unit();

    /**
     * The JMH metric: empty for the primary score; a secondary metric's name (e.g. {@code gc.alloc.rate.norm}
     * from {@code -prof gc}, or an {@code @AuxCounters} field); or {@code a/b} for the ratio of two secondary
     * metrics.
     */
    String metric() default "";

    /** Factor applied to the metric, e.g. 1e-6 to turn ops/s into Mpps. */
    double scale() default 1;

    /**
     * Name of another figure of the same run (placeholders allowed): the value becomes this metric divided by
     * that figure's value, written with {@code baseline} set. The unit should then be {@code ratio}.
     */
    String baseline() default "";
}
