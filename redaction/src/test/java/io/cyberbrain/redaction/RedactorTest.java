package io.cyberbrain.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = Redactor.standard();

    // ---------------------------------------------------------------- helpers

    /** Asserts that {@code secret} is inside a span of class {@code cls} and disappears from the output. */
    private void assertMasked(String text, String secret, EntityClass cls) {
        String out = redactor.redact(text);
        assertFalse(out.contains(secret), () -> "expected '" + secret + "' to be masked in: " + out);
        assertTrue(out.contains(cls.mask()), () -> "expected " + cls.mask() + " in: " + out);
        int at = text.indexOf(secret);
        boolean covered = redactor.find(text).stream()
                .anyMatch(s -> s.entityClass() == cls && s.start() <= at && s.end() >= at + secret.length());
        assertTrue(covered, () -> "no " + cls + " span covers '" + secret + "': " + redactor.find(text));
    }

    private void assertUnchanged(String text) {
        assertEquals(text, redactor.redact(text), () -> "unexpected spans " + redactor.find(text));
    }

    private void assertKept(String text, String part) {
        String out = redactor.redact(text);
        assertTrue(out.contains(part), () -> "expected '" + part + "' to survive in: " + out);
    }

    // ---------------------------------------------------------------- API contract

    @Nested
    class Api {

        @Test
        void redactReturnsNullForNull() {
            assertNull(redactor.redact(null));
        }

        @Test
        void findReturnsEmptyListForNullAndEmptyText() {
            assertTrue(redactor.find(null).isEmpty());
            assertTrue(redactor.find("").isEmpty());
        }

        @Test
        void standardReturnsTheSharedInstance() {
            assertSame(Redactor.standard(), Redactor.standard());
            assertNotNull(new Redactor().find("x"));
        }

        @Test
        void textWithoutSensitiveDataIsReturnedUnchanged() {
            assertUnchanged("Backup finished: 15234 files, 12.3 GiB in 1h02m, exit code 0");
        }

        @Test
        void maskNamesTheEntityClass() {
            assertEquals("mail [REDACTED:EMAIL] now", redactor.redact("mail alice@example.org now"));
            assertEquals("[REDACTED:EMAIL]", EntityClass.EMAIL.mask());
        }

        @Test
        void spansAreSortedAndDoNotOverlap() {
            String text = "user=bob password=Zq8!mWx2 from 10.1.2.3 mail bob@example.net "
                    + "token=ghp_R2d2C3poL8k9Jh7Gf6Ds5Aq4Wz3Xc2Vb1Nm0 card 4111 1111 1111 1111";
            List<RedactionSpan> spans = redactor.find(text);
            assertTrue(spans.size() >= 5, spans::toString);
            for (int i = 1; i < spans.size(); i++) {
                assertTrue(spans.get(i - 1).end() <= spans.get(i).start(), spans::toString);
            }
        }

        @Test
        void redactionSpanRejectsEmptyRanges() {
            try {
                new RedactionSpan(3, 3, EntityClass.EMAIL);
            } catch (IllegalArgumentException expected) {
                return;
            }
            throw new AssertionError("empty span accepted");
        }

        @Test
        void concurrentCallsGiveTheSameResultAsSequentialOnes() {
            List<String> lines = IntStream.range(0, 400)
                    .mapToObj(i -> "req " + i + " from 10.0." + (i % 250) + ".7 password=Pw" + i + "xQ!z mail u" + i
                            + "@example.com")
                    .collect(Collectors.toList());
            List<String> sequential = lines.stream().map(redactor::redact).collect(Collectors.toList());
            List<String> parallel = lines.parallelStream().map(redactor::redact).collect(Collectors.toList());
            assertEquals(sequential, parallel);
        }

        @Test
        void veryLongLinesTerminate() {
            Random rnd = new Random(42);
            String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            List<String> inputs = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 1_000_000; i++) {
                sb.append(b64.charAt(rnd.nextInt(64)));
            }
            inputs.add(sb.toString());                              // one 1 MB token
            inputs.add("password=".repeat(1_000_000 / 9));          // keyword storm
            inputs.add("1 ".repeat(500_000));                       // digit groups
            inputs.add("a@".repeat(500_000));                       // '@' storm
            inputs.add("1.1.1.1.".repeat(125_000));                 // dotted numbers
            inputs.add("ab:".repeat(333_333));                      // hex/colon storm
            inputs.add("-----BEGIN PRIVATE KEY-----".repeat(37_000)); // headers without END
            inputs.add("token=\"".repeat(140_000));                 // unclosed quotes
            inputs.add("<password>".repeat(100_000));               // XML-ish
            inputs.add("aaaaaaaaaa".repeat(100_000));                // one long word
            inputs.add("a1".repeat(500_000));                       // letter/digit alternation storm
            inputs.add("access token ".repeat(80_000));             // key phrases
            inputs.add("<add key=\"password\" value=\"".repeat(30_000)); // name/value elements
            inputs.add("A1B2-".repeat(200_000));                    // dash groups
            inputs.add("$6$ab$".repeat(160_000));                   // crypt(3) prefixes
            inputs.add("$krb5tgs$23$".repeat(80_000));              // Kerberos prefixes without whitespace
            inputs.add("u::d:".repeat(200_000));                    // NTLM-ish colons
            inputs.add("{SSHA}".repeat(160_000));                   // scheme prefixes
            inputs.add("mysql -p".repeat(120_000));                 // command words and options
            inputs.add("machine h password ".repeat(50_000));       // .netrc entries
            inputs.add("{\"kty\":\"oct\",\"k\":\"".repeat(60_000));   // JWK members, unclosed
            inputs.add("PuTTY-User-Key-File-2\nPrivate-Lines: 999\n".repeat(25_000)); // PPK headers
            inputs.add("token=Xq7Lm2Np9Rt4Vw6Yz8Bc3D | ".repeat(30_000));   // keyed secrets and their repeats, one line
            inputs.add("- name: db_password value: Kq82nV7x ".repeat(25_000)); // name/value fields
            inputs.add("apiKey 7f3a9c2e4b6d8f1a3c5e7b9d2f4a6c8e ".repeat(25_000)); // blank-separated keys
            for (String in : inputs) {
                String out = redactor.redact(in);
                assertNotNull(out);
                assertFalse(out.isEmpty());
            }
        }
    }

    // ---------------------------------------------------------------- secrets

    @Nested
    class Secrets {

        @Test
        void masksAwsAccessKeyIdAndSecretKey() {
            assertMasked("export AWS_ACCESS_KEY_ID=AKIAQWADE5R42RDZ4JEM", "AKIAQWADE5R42RDZ4JEM", EntityClass.API_KEY);
            assertMasked("aws_secret_access_key = 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",
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQWERTYKEY", EntityClass.API_KEY);
        }

        @Test
        void masksVendorTokensWithoutAnyKeyword() {
            assertMasked("cloning with ghp_R2d2C3poL8k9Jh7Gf6Ds5Aq4Wz3Xc2Vb1Nm0 failed",
                    "ghp_R2d2C3poL8k9Jh7Gf6Ds5Aq4Wz3Xc2Vb1Nm0", EntityClass.API_KEY);
            assertMasked("runner uses glpat-Xk3mP9qR7vT2wY5zA8bC", "glpat-Xk3mP9qR7vT2wY5zA8bC", EntityClass.API_KEY);
            assertMasked("slack xoxb-391809548274-4236212766789-i8EoyACELx2FYnSOkRPEpePN",
                    "xoxb-391809548274-4236212766789-i8EoyACELx2FYnSOkRPEpePN", EntityClass.API_KEY);
            assertMasked("charge with sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                    "sk_live_4eC39HqLyjWDarjtT1zdp7dc", EntityClass.API_KEY);
            assertMasked("maps key AIzaSyD3k9Q8fHs2Lx7Wm4Np1Rt6Vb0Yc5Ze8Ug",
                    "AIzaSyD3k9Q8fHs2Lx7Wm4Np1Rt6Vb0Yc5Ze8Ug", EntityClass.API_KEY);
            assertMasked("llm key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
                    "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z", EntityClass.API_KEY);
        }

        @Test
        void masksUnknownVendorTokensWithPrefixAndRandomBody() {
            assertMasked("using acme_Q7fK2mX9pL4sT8vB3nR6wY1zC5hJ0dG", "acme_Q7fK2mX9pL4sT8vB3nR6wY1zC5hJ0dG",
                    EntityClass.API_KEY);
        }

        @Test
        void masksTokenColouredWithAnsiEscapes() {
            assertMasked("key: \u001b[93msk-615ef152bf865a131f88b23571dc4ee6\u001b[0m",
                    "sk-615ef152bf865a131f88b23571dc4ee6", EntityClass.API_KEY);
        }

        @Test
        void masksGenericKeyAndTokenAssignments() {
            assertMasked("API_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0", "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
                    EntityClass.API_KEY);
            assertMasked("auth_token: \"Nxs094M3ed2s1Re0F4M3ed2GZ8M=\"", "Nxs094M3ed2s1Re0F4M3ed2GZ8M=",
                    EntityClass.API_KEY);
            assertMasked("{\"client_secret\": \"Zx9Yw8Vu7Ts6Rq5P\"}", "Zx9Yw8Vu7Ts6Rq5P", EntityClass.API_KEY);
            assertMasked("GET /cb?code=1&client_secret=Zx9Yw8Vu7Ts6Rq5P&state=abc", "Zx9Yw8Vu7Ts6Rq5P",
                    EntityClass.API_KEY);
            assertMasked("X-Api-Key: 7Hq2Lw9Xc4Vb8Nm3Kp6R", "7Hq2Lw9Xc4Vb8Nm3Kp6R", EntityClass.API_KEY);
            assertMasked("ghcli --token AIhq5Xyb1Gga9Q5 login", "AIhq5Xyb1Gga9Q5", EntityClass.API_KEY);
        }

        @Test
        void masksPasswordsInConfigCodeAndEnvFiles() {
            assertMasked("DB_PASSWORD=Tr0ub4dor&3", "Tr0ub4dor&3", EntityClass.PASSWORD);
            assertMasked("  password: hunter2!", "hunter2!", EntityClass.PASSWORD);
            assertMasked("{\"username\":\"bob\",\"password\":\"S3cr3t!x\"}", "S3cr3t!x", EntityClass.PASSWORD);
            assertMasked("db:\n  password: \"correct horse battery staple\"\n", "correct horse battery staple",
                    EntityClass.PASSWORD);
            assertMasked("Server=db;User Id=sa;Password=s3cr3t!x;Database=app;", "s3cr3t!x", EntityClass.PASSWORD);
            assertMasked("val password: String = \"exord13Paw64\"", "exord13Paw64", EntityClass.PASSWORD);
            assertMasked("PASSWORD = os.environ.get(\"PASSWORD\") or \"at5G6zi!m\"", "at5G6zi!m",
                    EntityClass.PASSWORD);
            assertMasked("#define PASSWORD \"n84ASM54y4\"", "n84ASM54y4", EntityClass.PASSWORD);
            assertMasked("<password name=\"db\">cackle!</password>", "cackle!", EntityClass.PASSWORD);
        }

        @Test
        void masksPasswordsOnCommandLines() {
            assertMasked("mysql -u root --password=Sup3rS3cret db", "Sup3rS3cret", EntityClass.PASSWORD);
            assertMasked("gpg --passphrase N1DdkUD3E73 --decrypt f.gpg", "N1DdkUD3E73", EntityClass.PASSWORD);
            assertMasked("curl -u admin:Adm1nPw! https://nas.local", "Adm1nPw!", EntityClass.PASSWORD);
            assertMasked("$p = ConvertTo-SecureString -String 'Sjdn43ss@!' -AsPlainText -Force", "Sjdn43ss@!",
                    EntityClass.PASSWORD);
        }

        @Test
        void masksSqlPasswords() {
            assertMasked("CREATE USER app IDENTIFIED BY 'SqLpa5sW0rD';", "SqLpa5sW0rD", EntityClass.PASSWORD);
            assertMasked("ALTER ROLE app WITH LOGIN PASSWORD 'Pg5ecr3t';", "Pg5ecr3t", EntityClass.PASSWORD);
        }

        @Test
        void masksAuthorizationHeaders() {
            assertMasked("Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==", "dXNlcjpwYXNzd29yZDEyMw==",
                    EntityClass.API_KEY);
            assertMasked("sending Bearer 8fK2mQ9xL4sT7vB3nR6wY1zC in header", "8fK2mQ9xL4sT7vB3nR6wY1zC",
                    EntityClass.API_KEY);
        }

        @Test
        void masksJsonWebTokens() {
            String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
            assertMasked("Authorization: Bearer " + jwt, jwt, EntityClass.JWT);
            assertMasked("session=" + jwt + "; Path=/", jwt, EntityClass.JWT);
        }

        @Test
        void masksWholeMultiLinePemPrivateKeyBlock() {
            String key = "-----BEGIN RSA PRIVATE KEY-----\n"
                    + "MIIBOgIBAAJBAJtFfagSXdo0JmX6EdwWGvFMaXeOFY5xOTs3PWsnhRFakQFbAuI/\n"
                    + "DaJSTVnp3ObjJPZhJs/P/XPWIKRNIglRqkkCAwEAAQJAbErPFMWah3EPxtfeVO1l\n"
                    + "-----END RSA PRIVATE KEY-----";
            String text = "config:\n" + key + "\ndone";
            assertEquals("config:\n[REDACTED:PRIVATE_KEY]\ndone", redactor.redact(text));
        }

        @Test
        void masksPemHeaderOfATruncatedKeyInASingleLogLine() {
            assertMasked("key=-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmU",
                    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU", EntityClass.PRIVATE_KEY);
        }

        @Test
        void masksOnlyThePasswordOfUrlCredentials() {
            assertEquals("psql postgres://admin:[REDACTED:URL_CREDENTIALS]@db.local:5432/app",
                    redactor.redact("psql postgres://admin:Pg$ecret99@db.local:5432/app"));
            assertMasked("redis://:s3cr3tRedisPw@cache:6379/0", "s3cr3tRedisPw", EntityClass.URL_CREDENTIALS);
        }

        @Test
        void keepsMaskedPlaceholderAndTemplatedPasswords() {
            assertUnchanged("password: ********");
            assertUnchanged("password=<redacted>");
            assertUnchanged("DB_PASSWORD=${DB_PASSWORD}");
            assertUnchanged("password: \"{{ vault_db_password }}\"");
            assertUnchanged("token: null");
            assertUnchanged("secretKey: \"ENC(2dfRFqV/cS6TzRd+JyO=)\"");
        }

        @Test
        void keepsLogMessagesThatOnlyMentionSecrets() {
            assertUnchanged("Login failed: invalid password for user bob");
            assertUnchanged("Password: incorrect");
            assertUnchanged("token expired, refreshing");
            assertUnchanged("getUserPasswordHash() called; PasswordEncoder bean created");
            assertUnchanged("The author passed the keyboard to the monkey");
        }

        @Test
        void keepsMetadataAboutSecrets() {
            assertUnchanged("secret_name: my-db-secret");
            assertUnchanged("api_key_file: /run/secrets/api_key");
            assertUnchanged("password_min_length=12");
            assertUnchanged("docker login --password-stdin registry.local");
        }

        @Test
        void keepsIdentifierKeysAndPublicKeys() {
            assertUnchanged("key=user_profile_1234");
            assertUnchanged("primaryKey=42");
            assertUnchanged("public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
        }

        @Test
        void keepsDocumentationExampleAndSequentialPlaceholderTokens() {
            assertUnchanged("aws_access_key_id = AKIAIOSFODNN7EXAMPLE");
            assertUnchanged("token: ghp_123456789012345678901234567890123456");
        }

        @Test
        void keepsHashesAndIdentifiersThatAreNotSecrets() {
            assertUnchanged("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged");
            assertUnchanged("trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span=00f067aa0ba902b7");
            assertUnchanged("pulled image sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            assertUnchanged("request 3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8 done");
        }
    }

    // ---------------------------------------------------------------- personal and infrastructure data

    @Nested
    class PersonalData {

        @Test
        void masksEmailAddresses() {
            assertMasked("contact alice.smith+ops@mail.example.org today", "alice.smith+ops@mail.example.org",
                    EntityClass.EMAIL);
        }

        @Test
        void keepsThingsThatOnlyLookLikeEmails() {
            assertUnchanged("git clone git@github.com:org/repo.git");
            assertUnchanged("@Override public void run()");
            // user@ip is a login, not an address: the IP is masked, the user name stays
            assertEquals("ssh master@[REDACTED:IP_ADDRESS]", redactor.redact("ssh master@98.76.54.32"));
            assertKept("scp a.txt backup@nas:/srv", "backup@nas");
        }

        @Test
        void masksIpv4Addresses() {
            assertMasked("client 192.168.1.23 connected", "192.168.1.23", EntityClass.IP_ADDRESS);
            assertMasked("rhost=[218.188.2.4]:22", "218.188.2.4", EntityClass.IP_ADDRESS);
        }

        @Test
        void keepsVersionStringsLoopbackAndInvalidOctets() {
            assertUnchanged("nginx version 1.2.3.4 started");
            assertUnchanged("firmware: 10.0.0.1");
            assertUnchanged("upgrade to v1.2.3.4");
            assertUnchanged("not an ip 1.2.3.4.5");
            assertUnchanged("build 5.2.0.299-WR220224U");
            assertUnchanged("artifact 1.2.3.4-SNAPSHOT");
            assertUnchanged("listening on 0.0.0.0:8080 and 127.0.0.1:9000, netmask 255.255.255.0");
        }

        @Test
        void masksIpv6Addresses() {
            assertMasked("from 2001:db8:85a3::8a2e:370:7334 port 22", "2001:db8:85a3::8a2e:370:7334",
                    EntityClass.IP_ADDRESS);
            assertMasked("peer fe80::1ff:fe23:4567:890a%eth0", "fe80::1ff:fe23:4567:890a", EntityClass.IP_ADDRESS);
            assertMasked("client ::ffff:10.1.2.3 accepted", "::ffff:10.1.2.3", EntityClass.IP_ADDRESS);
        }

        @Test
        void keepsClockTimesAndScopeOperators() {
            assertUnchanged("2024-05-01 12:34:56,789 took 00:00:12");
            assertUnchanged("std::vector<int> a; Foo::bar()");
        }

        @Test
        void masksMacAddresses() {
            assertMasked("eth0 ether 00:1A:2B:3C:4D:5E up", "00:1A:2B:3C:4D:5E", EntityClass.MAC_ADDRESS);
            assertMasked("lease for 00-1a-2b-3c-4d-5e", "00-1a-2b-3c-4d-5e", EntityClass.MAC_ADDRESS);
            assertMasked("cisco 001a.2b3c.4d5e", "001a.2b3c.4d5e", EntityClass.MAC_ADDRESS);
        }

        @Test
        void masksDockerContainerIds() {
            String full = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
            assertMasked("container 3f4e5a6b7c8d exited", "3f4e5a6b7c8d", EntityClass.CONTAINER_ID);
            assertMasked("/var/lib/docker/containers/" + full + "/config.json", full, EntityClass.CONTAINER_ID);
        }

        @Test
        void keepsUuidsDigestsAndNumbersOutOfContainerIds() {
            assertUnchanged("volume 3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8 mounted");
            assertUnchanged("digest: sha256:3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081");
            assertUnchanged("offset 123456789012 reached");
        }

        @Test
        void masksTheUserNameOfHomeFolders() {
            assertEquals("open /home/[REDACTED:HOME_USER]/.ssh/id_rsa", redactor.redact("open /home/alice/.ssh/id_rsa"));
            assertEquals("cd /Users/[REDACTED:HOME_USER]/Library", redactor.redact("cd /Users/bob/Library"));
            assertEquals("C:\\Users\\[REDACTED:HOME_USER]\\AppData",
                    redactor.redact("C:\\Users\\Carol Smith\\AppData"));
            assertEquals("{\"p\":\"C:\\\\Users\\\\[REDACTED:HOME_USER]\\\\x\"}",
                    redactor.redact("{\"p\":\"C:\\\\Users\\\\dave\\\\x\"}"));
        }

        @Test
        void keepsSharedAndTemplatedHomeFolders() {
            assertUnchanged("/Users/Shared/data");
            assertUnchanged("/home/$USER/.cache");
        }

        @Test
        void masksLuhnValidCardNumbersWithSpacesDashesOrNone() {
            assertMasked("card 4111 1111 1111 1111 exp 12/26", "4111 1111 1111 1111", EntityClass.CREDIT_CARD);
            assertMasked("card 5500-0000-0000-0004", "5500-0000-0000-0004", EntityClass.CREDIT_CARD);
            assertMasked("amex 378282246310005.", "378282246310005", EntityClass.CREDIT_CARD);
        }

        @Test
        void keepsLuhnInvalidNumbersTimestampsAndSnowflakeIds() {
            assertUnchanged("card 4111 1111 1111 1112");
            assertUnchanged("ts=1714567890129 id=1234567812345678905"); // both pass Luhn, issuer prefix 1
        }

        @Test
        void masksIbansWithValidChecksumOnly() {
            assertMasked("iban DE89 3704 0044 0532 0130 00 ok", "DE89 3704 0044 0532 0130 00", EntityClass.IBAN);
            assertMasked("to GB82WEST12345698765432", "GB82WEST12345698765432", EntityClass.IBAN);
            assertMasked("my iban is gb82west12345698765432", "gb82west12345698765432", EntityClass.IBAN);
            assertFalse(redactor.redact("DE89370400440532013001").contains(EntityClass.IBAN.mask()));
        }

        @Test
        void masksUsSocialSecurityNumbers() {
            assertMasked("ssn 078-05-1120", "078-05-1120", EntityClass.US_SSN);
            assertMasked("Social Security Number: 078 05 1120", "078 05 1120", EntityClass.US_SSN);
        }

        @Test
        void keepsNeverIssuedSsnAreas() {
            assertUnchanged("ref 000-12-3456 and 666-12-3456 and 912-34-5678 and 123-00-4567");
        }

        @Test
        void masksPhoneNumbersInCommonFormats() {
            assertMasked("call +1 (415) 555-0199 now", "+1 (415) 555-0199", EntityClass.PHONE);
            assertMasked("tel +41 (0)85 806 98 67", "+41 (0)85 806 98 67", EntityClass.PHONE);
            assertMasked("reach 780-999-2181", "780-999-2181", EntityClass.PHONE);
            assertMasked("office (579)888-3058", "(579)888-3058", EntityClass.PHONE);
            assertMasked("Mobile: 0341 8387176", "0341 8387176", EntityClass.PHONE);
            assertMasked("fr 01.84.17.61.18", "01.84.17.61.18", EntityClass.PHONE);
        }

        @Test
        void masksBareDigitGroupsOnlyNextToATelephonyWord() {
            assertMasked("Phone:\n51 516 33 75", "51 516 33 75", EntityClass.PHONE);
            assertMasked("Desk: 5403926876", "5403926876", EntityClass.PHONE);
            assertUnchanged("Mem: 7951 2345 1234 56");
            assertUnchanged("Message code 0 is not 51 or 4294967295");
        }

        @Test
        void keepsPidsPortsDurationsAndSizes() {
            assertUnchanged("Started PostgreSQL 15.4 pid 4242 port 5432 took 1234 ms, 1048576 bytes, 0.532s");
            assertUnchanged("May  1 12:34:56 nas systemd[1]: Started Docker (pid 28151)");
            assertUnchanged("081109 203615 148 INFO dfs.DataNode: PacketResponder 1 for block blk_38865049064139660");
        }
    }

    // ---------------------------------------------------------------- realistic log lines

    @Nested
    class LogLines {

        @Test
        void typicalHomelabLogLinesSurviveUnchanged() {
            String[] lines = {
                "2024-05-01T12:34:56.789Z INFO  [main] o.a.c.c.StandardService - Starting service [Tomcat]",
                "time=\"2024-05-01T12:34:56Z\" level=info msg=\"pulled\" image=nginx:1.25.3 size=187MB",
                "\tat com.example.service.UserService.loadUser(UserService.java:142)",
                "WARN  Connection to postgres:5432 failed after 3 retries, backing off 250ms (attempt 4/10)",
                "GC(812) Pause Young (Normal) (G1 Evacuation Pause) 24M->8M(256M) 3.123ms",
                "kernel: [20332.123456] eth0: Link is Up - 1000Mbps/Full - flow control rx/tx",
            };
            for (String line : lines) {
                assertUnchanged(line);
            }
        }

        @Test
        void mixedLogLineMasksEachSensitivePartAndKeepsTheRest() {
            String line = "2024-05-01 12:00:01 WARN login user=alice@example.com ip=203.0.113.9 password=Zq8!mWx2 took 35ms";
            String out = redactor.redact(line);
            assertEquals("2024-05-01 12:00:01 WARN login user=[REDACTED:EMAIL] ip=[REDACTED:IP_ADDRESS] "
                    + "password=[REDACTED:PASSWORD] took 35ms", out);
        }
    }
}
