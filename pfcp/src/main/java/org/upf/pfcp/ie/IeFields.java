package org.upf.pfcp.ie;

/** Receives an IE's decoded fields by name, in wire order (see {@link Ie#describe(IeFields)}). */
@FunctionalInterface
public interface IeFields {
    /** Adds a field; values are String, Number, Boolean or a List of those. */
    IeFields put(String name, Object value);
}
