package org.upf.pfcp.ie;

/**
 * Decodes the value of one IE type. Reads only through the {@link IeReader}, which turns any
 * attempt to read past the value into a typed {@link org.upf.pfcp.PfcpDecodeException}. Octets the
 * decoder leaves unread are kept by the framework (see {@link ExtendedIe}).
 */
@FunctionalInterface
public interface IeDecoder {
    Ie decode(IeReader reader);
}
