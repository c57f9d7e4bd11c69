package io.cyberbrain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressPolicyTest {

    static EgressPolicy policy(List<String> hosts, List<String> cidrs, Map<String, String> dns) {
        return new EgressPolicy(hosts, cidrs, host -> {
            String a = dns.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(a)};
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "127.0.0.1, a loopback address", "[::1], a loopback address", "2130706433, a loopback address",
            "0.0.0.0, an unspecified address", "[::], an unspecified address",
            "169.254.169.254, a cloud metadata address", "[fd00:ec2::254], a cloud metadata address",
            "169.254.1.1, a link-local address", "224.0.0.251, a multicast",
            "10.1.2.3, a private address", "192.168.1.10, a private address", "[fd00::5], a private address",
            "100.100.1.1, a shared (CGNAT",
            "localhost, a loopback name", "api.localhost, a loopback name",
            "metadata.google.internal, a cloud metadata service"})
    void internalDestinationsAreRefusedAsWrittenNamingTheRule(String host, String rule) {
        Optional<String> refusal = policy(List.of(), List.of(), Map.of()).refusalWithoutLookup(host);

        assertTrue(refusal.isPresent(), host);
        assertTrue(refusal.get().contains("is " + rule), refusal.get());
        assertTrue(refusal.get().contains("cyberbrain.notifications.allowed-cidrs"), refusal.get());
    }

    @Test
    void publicAddressesAndOrdinaryNamesPassTheSaveCheckWithoutALookup() {
        EgressPolicy p = new EgressPolicy(List.of(), List.of(), host -> {
            throw new AssertionError("no lookup when saving");
        });

        assertEquals(Optional.empty(), p.refusalWithoutLookup("8.8.8.8"));
        assertEquals(Optional.empty(), p.refusalWithoutLookup("discord.com"));
        assertEquals(Optional.empty(), p.refusalWithoutLookup("hooks.lan"));
    }

    @Test
    void anOperatorCanAllowALanRangeOrAHostByName() throws Exception {
        EgressPolicy p = policy(List.of("Hooks.LAN."), List.of("192.168.1.0/24"),
                Map.of("hooks.lan", "10.9.9.9", "nas.lan", "192.168.1.20", "printer.lan", "192.168.2.20"));

        assertEquals(Optional.empty(), p.refusalWithoutLookup("192.168.1.50"));
        assertTrue(p.refusalWithoutLookup("192.168.2.50").isPresent(), "outside the range");
        assertEquals(InetAddress.getByName("10.9.9.9"), p.resolve("hooks.lan"));
        assertEquals(InetAddress.getByName("192.168.1.20"), p.resolve("nas.lan"));
        assertThrows(EgressRefusedException.class, () -> p.resolve("printer.lan"));
    }

    @Test
    void aNameIsJudgedOnWhatItResolvesToAtSendTime() throws Exception {
        EgressPolicy p = policy(List.of(), List.of(), Map.of("hook.example", "127.0.0.1", "ok.example", "93.184.216.34"));

        EgressRefusedException e = assertThrows(EgressRefusedException.class, () -> p.resolve("hook.example"));
        assertEquals("host hook.example resolves to 127.0.0.1, a loopback address; " + EgressPolicy.HOW_TO_ALLOW,
                e.getMessage());
        assertEquals(InetAddress.getByName("93.184.216.34"), p.resolve("ok.example"));
        assertThrows(UnknownHostException.class, () -> p.resolve("nowhere.invalid"));
    }

    @Test
    void oneInternalAnswerAmongPublicOnesIsEnoughToRefuse() {
        EgressPolicy p = new EgressPolicy(List.of(), List.of(), host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254")});

        assertThrows(EgressRefusedException.class, () -> p.resolve("mixed.example"));
    }

    @Test
    void aMistypedRangeStopsTheServiceInsteadOfAllowingNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EgressPolicy(List.of(), List.of("192.168.1.0/33"), InetAddress::getAllByName));
        assertTrue(e.getMessage().startsWith("cyberbrain.notifications.allowed-cidrs"), e.getMessage());
    }
}
