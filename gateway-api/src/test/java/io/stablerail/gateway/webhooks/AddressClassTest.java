package io.stablerail.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AddressClassTest {

    /** An address from a literal; no name is looked up. */
    static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (UnknownHostException exception) {
            throw new IllegalArgumentException(literal, exception);
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "8.8.8.8, PUBLIC",
            "93.184.215.14, PUBLIC",
            "9.255.255.255, PUBLIC",
            "11.0.0.0, PUBLIC",
            "172.15.255.255, PUBLIC",
            "172.32.0.0, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.0, PUBLIC",
            "223.255.255.255, PUBLIC",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "10.0.0.0, PRIVATE",
            "10.255.255.255, PRIVATE",
            "172.16.0.0, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.0.1, PRIVATE",
            "100.64.0.1, PRIVATE",
            "169.254.169.254, LINK_LOCAL",
            "169.254.0.1, LINK_LOCAL",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "240.0.0.1, RESERVED",
            "255.255.255.255, RESERVED",
            "192.0.2.1, RESERVED",
            "198.18.0.1, RESERVED",
            "198.51.100.7, RESERVED",
            "203.0.113.9, RESERVED",
            "2606:4700:4700::1111, PUBLIC",
            "2a00:1450:4001::200e, PUBLIC",
            "::, UNSPECIFIED",
            "::1, LOOPBACK",
            "fc00::1, PRIVATE",
            "fd12:3456:789a::1, PRIVATE",
            "fec0::1, PRIVATE",
            "fe80::1, LINK_LOCAL",
            "febf:ffff::1, LINK_LOCAL",
            "ff02::1, MULTICAST",
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:169.254.169.254, LINK_LOCAL",
            "::ffff:10.0.0.5, PRIVATE",
            "::ffff:8.8.8.8, PUBLIC",
            "64:ff9b::7f00:1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, LINK_LOCAL",
            "64:ff9b::808:808, PUBLIC",
            "2002:7f00:1::1, LOOPBACK",
            "2002:a00:5::1, PRIVATE",
            "::127.0.0.1, RESERVED",
            "2001:db8::1, RESERVED",
            "2001::1, RESERVED",
            "3fff::1, RESERVED",
            "100::1, RESERVED",
            "4000::1, RESERVED",
    })
    void classifies(String literal, AddressClass expected) {
        assertThat(AddressClass.of(address(literal))).isEqualTo(expected);
    }

    @Test
    void classifiesIpv4MappedAddressesKeptInIpv6Form() throws UnknownHostException {
        byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        Inet6Address address = Inet6Address.getByAddress("mapped", mappedLoopback, -1);

        assertThat(AddressClass.of(address)).isEqualTo(AddressClass.LOOPBACK);
    }
}
