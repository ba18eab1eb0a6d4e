package org.upf.bpf.dataplane;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The basic session on a testbed with {@link DenseDownlinkTest#CONFIG}'s dense ranges; no write log after a test. */
abstract class DenseSessionFixture extends BasicSessionFixture {
    /** Runs after {@link BasicSessionFixture#setUpTestbed()}: the same testbed, with dense ranges. */
    @BeforeAll
    static void replaceTheTestbed() {
        bed.close();
        bed = new Testbed(DenseDownlinkTest.CONFIG);
    }

    @AfterEach
    void quiet() {
        bed.dp.writeLog((map, k, v) -> { });
    }
}
