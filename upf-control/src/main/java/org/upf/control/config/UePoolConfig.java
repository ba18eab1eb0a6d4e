package org.upf.control.config;

import org.upf.control.alloc.Cidr;

/**
 * One UE address pool (key {@code ue.pools[i]}): the addresses handed out for UE IP CHOOSE (TS 29.244 §5.21) in
 * sessions of one network instance / DNN.
 *
 * @param name              the Network Instance (§8.2.4) or APN/DNN (§8.2.103) this pool serves; "" serves any
 * @param ipv4              IPv4 prefix of the pool, or null
 * @param ipv6              IPv6 prefix of the pool, or null
 * @param ipv6PrefixLength  length of each UE's IPv6 prefix (64 per TS 23.501 §5.8.2.2.2)
 */
public record UePoolConfig(String name, Cidr ipv4, Cidr ipv6, int ipv6PrefixLength) {
}
