package org.upf.bpf;

/**
 * Output of {@link BpfProgram#testRun}: the program's return value (the XDP verdict), the packet as the program
 * left it (empty in live-frames mode) and the kernel's average run time per repeat.
 */
public record TestRunResult(int retval, byte[] dataOut, long durationNs) {}
