package io.cyberbrain.llm;

import static io.cyberbrain.llm.LlmTestSupport.policy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


class LlmEndpointPolicyTest {

    @ParameterizedTest(name = "{0} refused")
    @CsvSource({"0.0.0.0", "[::]", "224.0.0.1", "169.254.169.254", "[fd00:ec2::254]", "8.8.8.8", "[2001:4860:4860::8888]"})
    void unspecifiedMulticastMetadataAndPublicAddressesAreRefused(String literal) {
        LlmEndpointPolicy p = new LlmEndpointPolicy(Set.of(), true, LlmEndpointPolicy.SYSTEM_RESOLVER);

        assertThrows(LlmEndpointRefusedException.class, () -> p.check(URI.create("http://" + literal + ":11434")));
    }

    @ParameterizedTest(name = "{0} accepted")
    @CsvSource({"127.0.0.1", "[::1]", "10.0.0.1", "172.16.0.1", "192.168.1.20", "[fd12:3456::1]", "169.254.10.1",
            "[fe80::1]", "100.64.0.1"})
    void loopbackPrivateLinkLocalAndSharedAddressesAreAccepted(String literal) {
        LlmEndpointPolicy p = new LlmEndpointPolicy(Set.of(), true, LlmEndpointPolicy.SYSTEM_RESOLVER);

        assertDoesNotThrow(() -> p.check(URI.create("http://" + literal + ":11434")));
    }

    @Test
    void aPublicHostIsRefusedNamingTheHostAndTheAddress() {
        LlmEndpointPolicy p = policy(Set.of(), Map.of("api.openai.com", "104.18.33.45"));

        LlmEndpointRefusedException e = assertThrows(LlmEndpointRefusedException.class,
                () -> p.check(URI.create("https://api.openai.com/v1/chat/completions")));

        assertEquals("LLM endpoint api.openai.com resolves to public address 104.18.33.45; only local endpoints "
                + "or allowlisted hosts are allowed", e.getMessage());
        assertEquals("endpoint_refused", e.errorClass());
    }

    @Test
    void aLiteralPublicAddressIsRefusedAtOnceWithoutAnyLookup() {
        LlmEndpointPolicy p = new LlmEndpointPolicy(Set.of(), true, LlmEndpointPolicy.SYSTEM_RESOLVER);

        LlmEndpointRefusedException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(
                LlmEndpointRefusedException.class, () -> p.check(URI.create("http://8.8.8.8:11434"))));

        assertTrue(e.getMessage().contains("resolves to public address 8.8.8.8"), e.getMessage());
    }

    @Test
    void everyAddressMustBeLocalNotJustOne() {
        LlmEndpointPolicy p = new LlmEndpointPolicy(Set.of(), true, host -> new InetAddress[] {
                InetAddress.getByName("10.0.0.5"), InetAddress.getByName("203.0.113.9")});

        assertThrows(LlmEndpointRefusedException.class, () -> p.check(URI.create("http://mixed.example:8000")));
    }

    @Test
    void localNamesAndLiteralsAreAccepted() {
        LlmEndpointPolicy p = policy(Set.of(), Map.of("gpu-box.lan", "192.168.1.50", "localhost", "127.0.0.1"));

        assertDoesNotThrow(() -> p.check(URI.create("http://gpu-box.lan:11434")));
        assertDoesNotThrow(() -> p.check(URI.create("http://localhost:8080")));
        assertDoesNotThrow(() -> p.check(URI.create("http://[::1]:8080")));
        assertDoesNotThrow(() -> p.check(URI.create("https://10.1.2.3")));
    }

    @Test
    void anAllowlistedHostIsAcceptedWhateverItResolvesTo() {
        LlmEndpointPolicy p = new LlmEndpointPolicy(Set.of("LLM.Corp.Example."), true, host -> {
            if (host.equals("llm.corp.example")) {
                throw new AssertionError("an allowlisted host is not resolved");
            }
            return new InetAddress[] {InetAddress.getByName("203.0.113.10")};
        });

        assertDoesNotThrow(() -> p.check(URI.create("https://llm.corp.example/v1/chat/completions")));
        assertThrows(LlmEndpointRefusedException.class, () -> p.check(URI.create("https://other.corp.example")),
                "exact names only");
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        LlmEndpointRefusedException e = assertThrows(LlmEndpointRefusedException.class,
                () -> policy(Set.of(), Map.of()).check(URI.create("http://nowhere.invalid:1")));

        assertEquals("LLM endpoint nowhere.invalid cannot be resolved; only local endpoints or allowlisted hosts "
                + "are allowed", e.getMessage());
    }

    @Test
    void onlyHttpAndHttpsAreAccepted() {
        LlmEndpointRefusedException e = assertThrows(LlmEndpointRefusedException.class,
                () -> policy(Set.of(), Map.of()).check(URI.create("ftp://127.0.0.1/x")));

        assertEquals("LLM endpoint scheme 'ftp' is not allowed; only http and https are", e.getMessage());
    }

    @Test
    void sharedCgnatAddressesCanBeTurnedOff() {
        LlmEndpointPolicy on = new LlmEndpointPolicy(Set.of(), true, LlmEndpointPolicy.SYSTEM_RESOLVER);
        LlmEndpointPolicy off = new LlmEndpointPolicy(Set.of(), false, LlmEndpointPolicy.SYSTEM_RESOLVER);

        assertDoesNotThrow(() -> on.check(URI.create("http://100.100.1.2:11434")));
        LlmEndpointRefusedException e = assertThrows(LlmEndpointRefusedException.class,
                () -> off.check(URI.create("http://100.100.1.2:11434")));
        assertTrue(e.getMessage().contains("llm.allow_cgnat=false"), e.getMessage());
    }
}
