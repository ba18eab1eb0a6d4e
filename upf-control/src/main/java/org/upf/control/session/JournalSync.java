package org.upf.control.session;

/**
 * When {@link SessionJournal} records reach the disk (config key journal.sync). Every record is written (write(2))
 * before the response that depends on it leaves, so it survives the agent process in every mode; the modes differ
 * in surviving a power loss or kernel crash.
 */
public enum JournalSync {
    /** fdatasync after every record: durable, one disk flush per accepted request. */
    ALWAYS,
    /**
     * Group commit: one fdatasync for all the records of a burst of requests, before any of their responses leaves
     * ({@link GroupCommit}); durable like ALWAYS, one disk flush per burst. Records written outside a burst (session
     * ends the agent decides itself) reach the disk with the next burst.
     */
    BATCH,
    /** No fdatasync: the page cache decides; a power loss can lose answered requests. */
    NONE
}
