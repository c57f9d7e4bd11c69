package io.cyberbrain.model.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void rangesContainTheirAddressesOnly() throws Exception {
        Cidr lan = Cidr.parse("192.168.1.0/24");
        assertTrue(lan.contains(InetAddress.getByName("192.168.1.77")));
        assertFalse(lan.contains(InetAddress.getByName("192.168.2.1")));
        assertFalse(lan.contains(InetAddress.getByName("fd00::1")), "another family");
        Cidr odd = Cidr.parse("10.0.0.0/12");
        assertTrue(odd.contains(InetAddress.getByName("10.15.255.255")));
        assertFalse(odd.contains(InetAddress.getByName("10.16.0.0")));
        assertTrue(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::5")));
        assertTrue(Cidr.parse("10.0.0.7").contains(InetAddress.getByName("10.0.0.7")));
        assertFalse(Cidr.parse("10.0.0.7").contains(InetAddress.getByName("10.0.0.8")));
    }

    @Test
    void aRangeThatIsNotAnAddressIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("lan.example/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
    }
}
