/**
 * The XDP user plane as the agent sees it: {@link org.upf.bpf.dataplane.Dataplane} loads {@code upf_xdp.bpf.o}
 * with sizes from {@link org.upf.bpf.dataplane.DataplaneConfig}, attaches it to N3/N9/N6 interfaces, writes whole
 * sessions ({@link org.upf.bpf.dataplane.SessionRules}) in a safe order and reads usage, drop and control-path
 * counters and events.
 *
 * <p>One mirror class per C struct of {@code upf_maps.h} ({@code UpfConfig}, {@code PdrSet}, {@code UeSet},
 * {@code UplinkFastEntry}, {@code DownlinkFastEntry}, {@code UeSession}, {@code SdfFilter}, {@code PdrRule}, {@code FarRule}, {@code QerRule}, {@code MeterState},
 * {@code Usage}, {@code Counter}, {@code ControlEvent}, {@code Ipv6Key}), each with {@code LAYOUT_VERSION} and a
 * {@link org.upf.bpf.dataplane.CStruct} checked against the object's BTF. No PFCP types: the agent translates.
 * See {@code docs/dataplane.md}.
 */
package org.upf.bpf.dataplane;
