package org.upf.bpf;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records a java.util.logging logger (where System.Logger writes by default) gets while this is open. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private LogCapture(String name) {
        logger = Logger.getLogger(name);
        logger.addHandler(this);
    }

    /** Starts capturing what the logger of name gets. */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** The messages logged at level, their parameters filled in. */
    public List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level))
                .map(r -> r.getParameters() == null ? r.getMessage()
                        : MessageFormat.format(r.getMessage(), r.getParameters()))
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
