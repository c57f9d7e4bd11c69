package io.cyberbrain.launcher.task.triage.llm;

import static io.cyberbrain.launcher.task.triage.llm.LlmTestSupport.policy;
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

import io.cyberbrain.launcher.task.triage.llm.LlmEndpointPolicy.Scope;

class LlmEndpointPolicyTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.8.9.10, LOOPBACK", "::1, LOOPBACK",
            "10.0.0.1, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.254, PRIVATE", "192.168.1.20, PRIVATE",
            "fd12:3456::1, PRIVATE", "fc00::1, PRIVATE",
            "169.254.10.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
            "100.64.0.1, CGNAT", "100.127.255.254, CGNAT",
            "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "172.15.255.255, PUBLIC", "100.128.0.1, PUBLIC",
            "100.63.255.255, PUBLIC", "192.169.0.1, PUBLIC", "0.0.0.0, PUBLIC", "::, PUBLIC",
            "2001:4860:4860::8888, PUBLIC", "fec0::1, PUBLIC", "224.0.0.1, PUBLIC", "::ffff:8.8.8.8, PUBLIC",
            "::ffff:10.0.0.1, PRIVATE"})
    void addressesAreSortedIntoLocalScopesAndPublic(String literal, Scope scope) throws Exception {
        assertEquals(scope, LlmEndpointPolicy.scope(InetAddress.getByName(literal)));
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
