package org.upf.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Receives every libbpf log line (libbpf_set_print, called from the JNI shim) and sends it to the
 * {@code org.upf.bpf.libbpf} {@link System.Logger}. While an object loads, its warnings (which carry the verifier log) are also captured for the
 * loading thread so a rejected program's verifier log ends up in its {@link BpfException}.
 */
final class LibbpfLog {
    static final Logger LOG = System.getLogger("org.upf.bpf.libbpf");

    private static final ThreadLocal<StringBuilder> CAPTURE = new ThreadLocal<>();
    private static final String BEGIN = "-- BEGIN PROG LOAD LOG --\n";
    private static final String END = "-- END PROG LOAD LOG --";

    private LibbpfLog() {}

    /** Called from native code; level is enum libbpf_print_level (0 warn, 1 info, 2 debug). */
    static void print(int level, String line) {
        String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        LOG.log(level == 0 ? Level.WARNING : level == 1 ? Level.INFO : Level.DEBUG, text);
        StringBuilder capture = CAPTURE.get();
        if (capture != null && level == 0) {
            capture.append(line);
        }
    }

    /** Starts capturing this thread's libbpf output; {@link #stopCapture()} returns it. */
    static void startCapture() {
        CAPTURE.set(new StringBuilder());
    }

    static String stopCapture() {
        StringBuilder capture = CAPTURE.get();
        CAPTURE.remove();
        return capture == null ? "" : capture.toString();
    }

    /** The verifier log(s) between libbpf's BEGIN/END PROG LOAD LOG markers, or "" if there were none. */
    static String verifierLog(String captured) {
        StringBuilder log = new StringBuilder();
        int from = 0;
        while (true) {
            int begin = captured.indexOf(BEGIN, from);
            if (begin < 0) {
                return log.toString();
            }
            int start = begin + BEGIN.length();
            int end = captured.indexOf(END, start);
            log.append(captured, start, end < 0 ? captured.length() : end);
            if (end < 0) {
                return log.toString();
            }
            from = end + END.length();
        }
    }
}
