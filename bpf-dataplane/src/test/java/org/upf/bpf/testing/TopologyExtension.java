package org.upf.bpf.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.upf.bpf.netns.Leftovers;
import org.upf.bpf.netns.Topology;

/**
 * JUnit 5 extension giving each test method a fresh {@link Topology} parameter and closing it after
 * the test, whether the test passed, failed or threw. Before the first test class of the JVM it
 * removes what crashed earlier runs left behind ({@link Leftovers}).
 *
 * <pre>{@code
 * @ExtendWith(TopologyExtension.class)
 * class MyTest {
 *     @Test
 *     void forwards(Topology topology) { ... }
 * }
 * }</pre>
 */
public final class TopologyExtension implements BeforeAllCallback, ParameterResolver, AfterEachCallback {
    private static final AtomicBoolean LEFTOVERS_CLEANED = new AtomicBoolean();
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(TopologyExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (LEFTOVERS_CLEANED.compareAndSet(false, true)) {
            Leftovers.cleanup();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Topology.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent("topology",
                k -> Topology.create(purpose(context)), Topology.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Topology topology = context.getStore(STORE).remove("topology", Topology.class);
        if (topology != null) {
            topology.close();
        }
    }

    /** A namespace-name-friendly form of the test method name, e.g. "pingsacross". */
    private static String purpose(ExtensionContext context) {
        String name = context.getRequiredTestMethod().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        return name.isEmpty() ? "test" : name.substring(0, Math.min(20, name.length()));
    }
}
