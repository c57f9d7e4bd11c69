package io.cyberbrain.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Password hashes in their documented formats are masked without a keyword; the near misses (shell variables,
 * prices, digests, truncated or mis-sized hashes, C++ scopes) are not. All values are made up with the right
 * alphabet and lengths; none is the hash of anything.
 */
class PasswordHashesTest {

    private final Redactor redactor = Redactor.standard();

    private void assertMasked(String text, String secret) {
        String out = redactor.redact(text);
        assertFalse(out.contains(secret), () -> "expected '" + secret + "' to be masked in: " + out);
        int at = text.indexOf(secret);
        assertTrue(redactor.find(text).stream().anyMatch(s -> s.entityClass().isSecret()
                && s.start() <= at && s.end() >= at + secret.length()), () -> "no secret span covers '" + secret
                + "': " + redactor.find(text));
    }

    private void assertUnchanged(String text) {
        assertEquals(text, redactor.redact(text), () -> "unexpected spans " + redactor.find(text));
    }

    @Nested
    class ModularCryptFormat {

        @Test
        void bcryptInAnSqlDumpIsMasked() {
            String hash = "$2b$12$JTIvkWQd5R2cnW6PcPzmuGVFTVqniQFz94CHIq6lkvU/CWfCZrIu.";
            assertMasked("(1, 'rogers63', '" + hash + "', 1),", hash);
        }

        @Test
        void aBcryptPrefixWithTooShortABodyIsNotAHash() {
            assertUnchanged("cost $2b$12$JTIvkWQd5R2cnW6PcPz in the docs");
        }

        @Test
        void shaCryptInAShadowLineIsMasked() {
            String hash = "$6$oMAArhqov4A5nfBT$MMtFqLXvT7sA4/9SJoyxPn5Jk.lVuYqyHMZP55c54xI58L66SnDT38pcVOcSVmEauc7/"
                    + "uA7PVEg6TjYIsa/aBF";
            assertMasked("ubuntu:" + hash + ":19000:0:99999:7:::", hash);
            String rounds = "$5$rounds=80000$VKBaNHjI.dy0CibS$5S88y6EEwJVqPNbnjstDTQ6f0RQ.75R62e7SXyPEwTw";
            assertMasked("hash=" + rounds, rounds);
        }

        @Test
        void lockedAndEmptyShadowEntriesHaveNothingToMask() {
            assertUnchanged("daemon:*:17431:0:99999:7:::");
            assertUnchanged("nobody:!:17431:0:99999:7:::");
        }

        @Test
        void md5CryptYescryptPhpassAndDrupalAreMasked() {
            assertMasked("admin:$apr1$kAhgV3uD$k8ZiM63RZ8RAkXuiIjhOW7", "$apr1$kAhgV3uD$k8ZiM63RZ8RAkXuiIjhOW7");
            assertMasked("root:$1$C1XTQFB9$q219PR1NpQtX.IqfXHPfB9:18000::", "$1$C1XTQFB9$q219PR1NpQtX.IqfXHPfB9");
            assertMasked("u:$y$j9T$VCBHWYOfOVyU49qX3.eEVI$sq/C7H2jGrE3bi3hOTBhoHSIKo1KeoTWIBk2wQNugbR:19500:0:99999:7:::",
                    "$y$j9T$VCBHWYOfOVyU49qX3.eEVI$sq/C7H2jGrE3bi3hOTBhoHSIKo1KeoTWIBk2wQNugbR");
            assertMasked("user_pass = '$P$Q1MneX6Xgne1CVKV2BrgcrClMU3r.Ni'", "$P$Q1MneX6Xgne1CVKV2BrgcrClMU3r.Ni");
            assertMasked("pass: $S$r6ecDabodnZEMpkKan.aYOrdvssPwJ8Ye9SbQNG13Tw7upMlznTG",
                    "$S$r6ecDabodnZEMpkKan.aYOrdvssPwJ8Ye9SbQNG13Tw7upMlznTG");
        }

        @Test
        void shellVariablesAndPricesAreNotHashes() {
            assertUnchanged("echo $1$2 and $HOME$PATH, total $5$ fee");
            assertUnchanged("awk '{print $1$6}' file");
        }
    }

    @Nested
    class PhcAndFrameworkFormats {

        @Test
        void argon2AndPasslibPbkdf2AreMasked() {
            String argon = "$argon2id$v=19$m=65536,t=3,p=4$AjbZcFrtGX8+6UTtouLa5A$UfPmhH6N+HqM4SeSeIuroylGTXbETm0g1NCp7tQfadc";
            assertMasked("{\"hash\": \"" + argon + "\"}", argon);
            String pbkdf2 = "$pbkdf2-sha256$29000$xwrC9AO0mMfWcPlw$i9/4Dsesz1TvQQ3JDSrbRexdGYXCp2zop6zCjteBKfA";
            assertMasked(pbkdf2, pbkdf2);
        }

        @Test
        void aPhcStringWithoutItsHashIsNotMasked() {
            assertUnchanged("params $argon2id$v=19$m=65536,t=3,p=4 are recommended");
        }

        @Test
        void djangoWerkzeugAndScramHashesAreMasked() {
            String django = "pbkdf2_sha256$870000$1lY3yMEf4nzf2m1yFCr1d9$ekDyOm/ug7xVOlOfNw2fwMtlJnw0mj0Vsdu9I64G1/o=";
            assertMasked("INSERT INTO auth_user VALUES (1, '" + django + "');", django);
            String werkzeug = "pbkdf2:sha256:600000$6RzNevrTj9RBkXzf$8fed8a728e7eca0fa5f6b8a880627df7ffe0297c79bfbdabe8"
                    + "98736a3566f893";
            assertMasked("hash " + werkzeug, werkzeug);
            String scram = "SCRAM-SHA-256$4096:Y5d0uFuaB0CMFxuVQPs0Bg==$kfD14a5eGoH0OiHN+yUbTUybK3881XPC5uKY25weMmo=:"
                    + "bIcpUHpYJlAB0ebwlRB2k5DoJHeHZdk6c0yISCQeVJ0=";
            assertMasked("rolpassword | " + scram, scram);
        }

        @Test
        void algorithmNamesWithoutAHashStay() {
            assertUnchanged("hasher pbkdf2_sha256$870000 selected; mechanism SCRAM-SHA-256 negotiated");
        }

        @Test
        void mysqlAndPostgresMd5HashesAreMasked() {
            assertMasked("| root | localhost | *9E3E9C8FE21DA80270815FE85DF2FBDAA35ADF9C |", "*9E3E9C8FE21DA80270815FE85DF2FBDAA35ADF9C");
            assertMasked("rolpassword md51e2a8a3c0ed16bfe16849ef307590d27", "md51e2a8a3c0ed16bfe16849ef307590d27");
        }

        @Test
        void digestsInLogsAreNotPasswordHashes() {
            assertUnchanged("checksum md5 1e2a8a3c0ed16bfe16849ef307590d27 ok, sha1 9e3e9c8fe21da80270815fe85df2fbdaa35adf9c");
            assertUnchanged("glob **9E3E9C8FE21DA80270815FE85DF2FBDAA35ADF9C0");
        }

        @Test
        void schemePrefixedHashesAndCleartextSchemesAreMasked() {
            assertMasked("userPassword: {SSHA}Ouw8Tv+Vi9T38XzpSsRhRSON1K6IAZCY", "{SSHA}Ouw8Tv+Vi9T38XzpSsRhRSON1K6IAZCY");
            assertMasked("admin:{PLAIN}Wq8#kT2m!vLp", "Wq8#kT2m!vLp");
            assertMasked("spring.security.user.password={noop}k29DlQ0mZ8rT", "k29DlQ0mZ8rT");
        }

        @Test
        void bracedWordsThatAreNotSchemesStay() {
            assertUnchanged("template {SHA} placeholder, {md5}, {plain}text");
        }
    }

    @Nested
    class CapturedCredentials {

        @Test
        void kerberosRoastingHashesAreMasked() {
            String asrep = "$krb5asrep$23$svc_backup@CORP.EXAMPLE:f4efbacea67c7d1afcc4f14a3e3e04d4$2f8ac2acaf127972d33e"
                    + "5901a19bbd47d5552c7f47e8e80e952eb9d8e96cf37cb990c801f97b7684319e1b429ad564b858f9a3e247cb2c083eb8";
            assertMasked(asrep, asrep);
            String tgs = "$krb5tgs$23$*svc_sql$CORP.EXAMPLE$MSSQLSvc/db01.corp.example:1433*$ada8b4f2222d3b41a3dbd199b"
                    + "364f73b$b387d080589ab054c24026cdea5b9a2145128edfed863bd39f917c10696489a30fd54c7b2c1d0e2adcd93c0";
            assertMasked("hash: " + tgs, tgs);
        }

        @Test
        void aKerberosFormatNameAloneIsNotMasked() {
            assertUnchanged("hashcat mode 18200 reads $krb5asrep$23$ hashes");
        }

        @Test
        void netNtlmResponsesDomainCachedCredentialsAndPwdumpLinesAreMasked() {
            String response = "7442931a4c4555e1:db7e9e779f6bee9cd56481fb339258e4:d27eb0d1cb7c2b70a3a4419f4fe020864d39793"
                    + "17de23f0749d0b7d52b20cf1cb80b2b73a41ba5ef542e196161a9cf8169b1a83bdceca5ffb82d2d59";
            assertMasked("[SMB] NTLMv2-SSP Hash : jdoe::CORP:" + response, response);
            assertMasked("$DCC2$10240#jdoe#4ebbe24bca87305fc388e69f6342e5e2", "$DCC2$10240#jdoe#4ebbe24bca87305fc388e69f6342e5e2");
            assertMasked("Administrator:500:aad3b435b51404eeaad3b435b51404ee:a32a99ed5ebe1bd812cb504e1427bbc1:::",
                    "a32a99ed5ebe1bd812cb504e1427bbc1");
        }

        @Test
        void cppScopesAndEmptyPwdumpFieldsAreNotHashes() {
            assertUnchanged("std::vector<int> v; ns::Type::value");
            assertUnchanged("Administrator:500:::");
        }
    }
}
