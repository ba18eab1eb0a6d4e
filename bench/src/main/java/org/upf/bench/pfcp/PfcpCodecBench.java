package org.upf.bench.pfcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.upf.bench.CpuTime;
import org.upf.bench.Figure;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;

/**
 * PFCP codec speed on captured SMF messages, single-threaded, so the throughput is per core. Buffers are
 * direct, as a Netty datagram channel hands them over; the bytes allocated per message come from
 * {@code -prof gc}; {@code .cpu} figures count messages per second of the thread's CPU time, which other load on
 * the host does not dilute. Target (issue 3): at least one million Session Establishment decodes per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PfcpCodecBench {
    @Param({CapturedMessages.SESSION_ESTABLISHMENT, CapturedMessages.SESSION_MODIFICATION})
    public String message;

    private ByteBuf wire;
    private ByteBuf out;
    private PfcpMessage decoded;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = CapturedMessages.load(message);
        wire = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        out = Unpooled.directBuffer(bytes.length * 2);
        decoded = PfcpCodec.decode(bytes);
        // Measure only a codec that round-trips this message exactly.
        byte[] again = PfcpCodec.encode(decoded);
        if (!Arrays.equals(again, bytes)) {
            throw new IllegalStateException(message + " does not re-encode to its captured bytes: "
                    + ByteBufUtil.hexDump(again));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wire.release();
        out.release();
    }

    @Benchmark
    @Figure(name = "pfcp.decode.{message}", unit = "msg/s")
    @Figure(name = "pfcp.decode.{message}.alloc", metric = "gc.alloc.rate.norm", unit = "B/msg")
    @Figure(name = "pfcp.decode.{message}.cpu", metric = "ops/cpuNanos", scale = 1e9, unit = "msg/cpu-s")
    public PfcpMessage decode(CpuTime cpu) {
        cpu.ops++;
        wire.readerIndex(0);
        return PfcpCodec.decode(wire);
    }

    @Benchmark
    @Figure(name = "pfcp.encode.{message}", unit = "msg/s")
    @Figure(name = "pfcp.encode.{message}.alloc", metric = "gc.alloc.rate.norm", unit = "B/msg")
    @Figure(name = "pfcp.encode.{message}.cpu", metric = "ops/cpuNanos", scale = 1e9, unit = "msg/cpu-s")
    public ByteBuf encode(CpuTime cpu) {
        cpu.ops++;
        out.clear();
        PfcpCodec.encode(decoded, out);
        return out;
    }
}
