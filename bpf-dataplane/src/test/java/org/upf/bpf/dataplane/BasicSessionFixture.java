package org.upf.bpf.dataplane;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One {@link Testbed} per test class, with the basic session ({@link Sessions#basic}, downlink to a gNB over
 * IPv4) installed again before each test: the fixture of the uplink and downlink program tests.
 */
abstract class BasicSessionFixture {
    static Testbed bed;

    @BeforeAll
    static void setUpTestbed() {
        bed = new Testbed();
    }

    @AfterAll
    static void closeTestbed() {
        bed.close();
    }

    @BeforeEach
    void installSession() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4()).build());
    }
}
