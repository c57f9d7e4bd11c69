package io.cyberbrain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressScopeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.8.9.10, LOOPBACK", "::1, LOOPBACK",
            "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
            "169.254.169.254, METADATA", "fd00:ec2::254, METADATA",
            "169.254.10.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "255.255.255.255, MULTICAST", "ff02::1, MULTICAST",
            "10.0.0.1, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.254, PRIVATE", "192.168.1.20, PRIVATE",
            "fd12:3456::1, PRIVATE", "fc00::1, PRIVATE", "fec0::1, PRIVATE",
            "100.64.0.1, CGNAT", "100.127.255.254, CGNAT",
            "::ffff:10.0.0.1, PRIVATE", "::ffff:127.0.0.1, LOOPBACK", "::127.0.0.1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, METADATA", "64:ff9b::808:808, PUBLIC",
            "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "172.15.255.255, PUBLIC", "100.128.0.1, PUBLIC",
            "100.63.255.255, PUBLIC", "192.169.0.1, PUBLIC", "2001:4860:4860::8888, PUBLIC", "::ffff:8.8.8.8, PUBLIC"})
    void addressesAreSortedByWhereTheyLead(String literal, AddressScope scope) throws Exception {
        assertEquals(scope, AddressScope.of(InetAddress.getByName(literal)));
    }
}
