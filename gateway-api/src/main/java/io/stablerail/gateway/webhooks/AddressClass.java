package io.stablerail.gateway.webhooks;

import java.net.InetAddress;

/**
 * What kind of network an IP address belongs to, for the SSRF guard. Only {@link #PUBLIC} is a valid webhook target
 * in production. IPv6 forms that embed an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64
 * {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:aabb:ccdd::}) are classified by the embedded address, and any IPv6
 * address outside global unicast {@code 2000::/3} is not public.
 */
public enum AddressClass {
    PUBLIC,
    /** {@code 0.0.0.0/8}, {@code ::}: on many systems connecting here reaches the local host. */
    UNSPECIFIED,
    /** {@code 127.0.0.0/8}, {@code ::1}. */
    LOOPBACK,
    /**
     * {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code 100.64/10} (carrier NAT), {@code fc00::/7},
     * {@code fec0::/10}.
     */
    PRIVATE,
    /** {@code 169.254/16} (including cloud metadata {@code 169.254.169.254}), {@code fe80::/10}. */
    LINK_LOCAL,
    /** {@code 224/4}, {@code ff00::/8}. */
    MULTICAST,
    /** Documentation, benchmarking, protocol-assignment, {@code 240/4} and broadcast; IPv6 outside {@code 2000::/3}. */
    RESERVED;

    public static AddressClass of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ofIpv4(bytes, 0) : ofIpv6(bytes);
    }

    private static AddressClass ofIpv4(byte[] bytes, int offset) {
        int first = bytes[offset] & 0xff;
        int second = bytes[offset + 1] & 0xff;
        int third = bytes[offset + 2] & 0xff;
        if (first == 0) {
            return UNSPECIFIED;
        }
        if (first == 127) {
            return LOOPBACK;
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)
                || (first == 100 && (second & 0xc0) == 64)) {
            return PRIVATE;
        }
        if (first == 169 && second == 254) {
            return LINK_LOCAL;
        }
        if (first >= 224) {
            return first < 240 ? MULTICAST : RESERVED;
        }
        return isReservedIpv4(first, second, third) ? RESERVED : PUBLIC;
    }

    /** 192.0.0/24, 192.0.2/24, 192.88.99/24, 198.18/15, 198.51.100/24, 203.0.113/24. */
    private static boolean isReservedIpv4(int first, int second, int third) {
        return (first == 192 && second == 0 && (third == 0 || third == 2))
                || (first == 192 && second == 88 && third == 99)
                || (first == 198 && (second & 0xfe) == 18)
                || (first == 198 && second == 51 && third == 100)
                || (first == 203 && second == 0 && third == 113);
    }

    private static AddressClass ofIpv6(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (zeros(bytes, 0, 10)) {
            return ofIpv6WithZeroPrefix(bytes);
        }
        if (first == 0x00 && second == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b) {
            return zeros(bytes, 4, 12) ? ofIpv4(bytes, 12) : PRIVATE;
        }
        if (first == 0x20 && second == 0x02) {
            return ofIpv4(bytes, 2);
        }
        if (first == 0xff) {
            return MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return PRIVATE;
        }
        return isGlobalUnicastIpv6(bytes) ? PUBLIC : RESERVED;
    }

    /** {@code ::}, {@code ::1}, IPv4-mapped {@code ::ffff:0:0/96}, and the deprecated IPv4-compatible {@code ::/96}. */
    private static AddressClass ofIpv6WithZeroPrefix(byte[] bytes) {
        if ((bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            return ofIpv4(bytes, 12);
        }
        if (zeros(bytes, 10, 15)) {
            int last = bytes[15] & 0xff;
            return last == 0 ? UNSPECIFIED : last == 1 ? LOOPBACK : RESERVED;
        }
        return RESERVED;
    }

    /**
     * In {@code 2000::/3} but not in {@code 2001::/23} (Teredo and protocol assignments), {@code 2001:db8::/32} or
     * {@code 3fff::/20}.
     */
    private static boolean isGlobalUnicastIpv6(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        int third = bytes[2] & 0xff;
        int fourth = bytes[3] & 0xff;
        boolean globalUnicast = (first & 0xe0) == 0x20;
        boolean protocolAssignments = first == 0x20 && second == 0x01 && (third & 0xfe) == 0;
        boolean documentation = (first == 0x20 && second == 0x01 && third == 0x0d && fourth == 0xb8)
                || (first == 0x3f && second == 0xff && (third & 0xf0) == 0);
        return globalUnicast && !protocolAssignments && !documentation;
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int index = from; index < to; index++) {
            if (bytes[index] != 0) {
                return false;
            }
        }
        return true;
    }
}
