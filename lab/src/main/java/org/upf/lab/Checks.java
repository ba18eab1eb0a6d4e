package org.upf.lab;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The demo's pass/fail checks, printed at the end; any failure makes the exit code non-zero. */
final class Checks {
    private record Check(String what, boolean passed, String detail) {
    }

    private final List<Check> checks = new ArrayList<>();

    /** Records a check; returns passed. */
    boolean check(String what, boolean passed, String detail) {
        checks.add(new Check(what, passed, detail));
        return passed;
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    void print(PrintStream out) {
        out.println("Checks");
        for (Check c : checks) {
            out.printf("  %s  %s%s%n", c.passed ? "PASS" : "FAIL", c.what, c.detail.isEmpty() ? "" : " (" + c.detail + ")");
        }
        long failed = checks.stream().filter(c -> !c.passed).count();
        out.printf("RESULT: %s (%d checks, %d failed)%n", failed == 0 ? "PASS" : "FAIL", checks.size(), failed);
    }
}
