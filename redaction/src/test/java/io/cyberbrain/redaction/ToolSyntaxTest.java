package io.cyberbrain.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Passwords written in the documented syntax of tools and file formats (no key names them), key material in
 * documented key formats, and the key words added with them; each with a near miss that must stay. All values
 * are made up.
 */
class ToolSyntaxTest {

    private final Redactor redactor = Redactor.standard();

    private void assertMasked(String text, String secret) {
        String out = redactor.redact(text);
        assertFalse(out.contains(secret), () -> "expected '" + secret + "' to be masked in: " + out);
        int at = text.indexOf(secret);
        assertTrue(redactor.find(text).stream().anyMatch(s -> s.entityClass().isSecret() && s.start() <= at
                && s.end() >= at + secret.length()), () -> "no secret span covers '" + secret + "': " + redactor.find(text));
    }

    private void assertUnchanged(String text) {
        assertEquals(text, redactor.redact(text), () -> "unexpected spans " + redactor.find(text));
    }

    @Nested
    class CommandOptions {

        @Test
        void psexecTakesThePasswordAfterDashP() {
            assertMasked("psexec \\\\host01 -u Administrator -p Winter2024x cmd /c dir", "Winter2024x");
            assertMasked("PsExec64.exe \\\\host01 -u DOM\\svc -p \"s3rv1ce!\" -i cmd", "s3rv1ce!");
            assertUnchanged("psexec \\\\host01 -u admin -p %ADMIN_PW% cmd");
            assertUnchanged("ps -p 1234 -o pid,cmd");
        }

        @Test
        void theCredentialTypesOfDotNetAndJavaTakeThePasswordAsSecondArgument() {
            assertMasked("var c = new NetworkCredential(\"deploy\", \"Tq8-zW2!mK\");", "Tq8-zW2!mK");
            assertMasked("new PasswordAuthentication(\"bob\", \"hunter22x\".toCharArray())", "hunter22x");
            assertUnchanged("var c = new NetworkCredential(\"deploy\", \"\");");
        }

        @Test
        void mysqlTakesThePasswordAttachedToDashP() {
            assertMasked("mysql -u root -pW9x!kT2mQ -h db01 shop", "W9x!kT2mQ");
            assertMasked("mysqldump -uroot -p'W9x kT2mQ' shop > dump.sql", "W9x kT2mQ");
        }

        @Test
        void dashPOfOtherCommandsOrWithoutAttachedValueIsNoPassword() {
            assertUnchanged("docker run -p 8080:80 nginx");
            assertUnchanged("mysql -u root -p -h db01 shop");
            assertUnchanged("ssh -p 2222 admin@host && mkdir -p /var/lib/app");
        }

        @Test
        void sshpassRegistryLoginRedisAndLdapTakeTheNextWord() {
            assertMasked("sshpass -p 'W9x!kT2mQ' ssh admin@host", "W9x!kT2mQ");
            assertMasked("docker login -u admin -p W9x!kT2mQ registry.example.com", "W9x!kT2mQ");
            assertMasked("redis-cli -h cache -a W9x!kT2mQ ping", "W9x!kT2mQ");
            assertMasked("ldapsearch -x -D \"cn=admin,dc=example,dc=org\" -w W9x!kT2mQ -b \"dc=example,dc=org\"", "W9x!kT2mQ");
        }

        @Test
        void theSameLettersElsewhereMeanSomethingElse() {
            assertUnchanged("docker push -p registry.example.com/app:1.2");
            assertUnchanged("ls -a /srv/data; grep -w error app.log");
            assertUnchanged("ldapsearch -x -W -b dc=example,dc=org");
        }

        @Test
        void smbUserPercentPasswordAndImpacketTargetsMaskThePassword() {
            assertMasked("smbclient //server/share -U jdoe%W9x!kT2mQ", "W9x!kT2mQ");
            assertMasked("secretsdump.py CORP/jdoe:W9x!kT2mQ@10.0.0.5", "W9x!kT2mQ");
            assertUnchanged("smbclient //server/share -U jdoe");
            assertUnchanged("secretsdump.py -hashes :a32a99ed CORP/jdoe@dc01");
        }

        @Test
        void htpasswdBatchModeAndNetUseTakeThePasswordOperand() {
            assertMasked("htpasswd -b /etc/nginx/.htpasswd jdoe W9x!kT2mQ", "W9x!kT2mQ");
            assertMasked("htpasswd -nbB jdoe W9x!kT2mQ", "W9x!kT2mQ");
            assertMasked("net use Z: \\\\fileserver\\share W9x!kT2mQ /user:CORP\\jdoe", "W9x!kT2mQ");
            assertUnchanged("htpasswd -c /etc/nginx/.htpasswd jdoe");
            assertUnchanged("net use Z: \\\\fileserver\\share /user:CORP\\jdoe");
        }

        @Test
        void aPasswordEchoedIntoPasswordStdinIsMasked() {
            assertMasked("echo \"W9x!kT2mQ\" | docker login --username admin --password-stdin", "W9x!kT2mQ");
            assertUnchanged("echo \"$REGISTRY_PASSWORD\" | docker login --username admin --password-stdin");
        }
    }

    @Nested
    class FilesAndProtocols {

        @Test
        void aNetrcEntryMasksItsPassword() {
            assertMasked("machine api.example.org login deploy password W9x!kT2mQ", "W9x!kT2mQ");
            assertMasked("machine api.example.org\n  login deploy\n  password W9x!kT2mQ\n", "W9x!kT2mQ");
            assertUnchanged("the machine password policy is enforced");
        }

        @Test
        void dockerfileLegacyEnvPairsKeyAndValue() {
            assertMasked("FROM alpine\nENV DB_PASSWORD W9x!kT2mQ\n", "W9x!kT2mQ");
            assertUnchanged("FROM alpine\nENV DB_HOST db01.internal\n");
        }

        @Test
        void saslPlainResponsesAreMaskedButOtherBase64AfterAuthIsNot() {
            // base64 of "\0jdoe\0W9x!kT2mQ"
            assertMasked("C: AUTH PLAIN AGpkb2UAVzl4IWtUMm1R", "AGpkb2UAVzl4IWtUMm1R");
            // base64 of "hello world!": no NUL separators
            assertUnchanged("C: AUTH PLAIN aGVsbG8gd29ybGQh");
        }

        @Test
        void wifiPreSharedKeysAndSignedUrlSignaturesAreMasked() {
            assertMasked("network={\n    ssid=\"office\"\n    psk=\"W9x!kT2mQzz\"\n}", "W9x!kT2mQzz");
            assertMasked("https://acct.blob.core.windows.net/c/f.txt?sv=2021-08-06&sr=b&sig=Jx8a%2FQ3kL9mZ0pVb7wT5yR2cN4hF6gD1sA8eU3iO0%3D",
                    "Jx8a%2FQ3kL9mZ0pVb7wT5yR2cN4hF6gD1sA8eU3iO0%3D");
            assertUnchanged("psk_identity=client1 sig=SIGTERM signal=15");
        }
    }

    @Nested
    class KeyFormats {

        private static final String D = "X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH-HLLKD9M7dx5oo7GURknchnrRweUkC7hT5fJLM0WbFAKNLW"
                + "Y2vv7B6NqXSzUvxT0_YSfqijwp3RTzlBaCxWp4doFk5N2o8Gy_nHNKroADIkJ46pRUohsXywbReAdYaMwFs9tv8d_cPVY3i07a3t8MN6"
                + "TNwm0dSawm9v47UiCl3Sk5ZiG7xojPLu4sbg1U2jx4IBTNBznbJSzFHK66jT8bgkuqsk0GjskDJk19Z4qwjwbsnn4j2WBii3RL-Us2lG"
                + "VkY8fkFzme1z0HbIkfz0Y6mqnOYtqc0X4jfcKoAC8Q";

        @Test
        void thePrivateMembersOfAJsonWebKeyAreMasked() {
            assertMasked("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                    + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"d\":\"" + D + "\"}", D);
            assertMasked("{\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}", "GawgguFyGrWKav7AX4VKUg");
        }

        @Test
        void aPublicJsonWebKeyIsLeftAlone() {
            // an RSA public key: modulus and exponent only
            assertUnchanged("{\"kty\":\"RSA\",\"kid\":\"2024-01\",\"e\":\"AQAB\",\"n\":\"" + D.replace('X', 'n') + "\"}");
        }

        @Test
        void thePrivateLinesOfAPuttyKeyFileAreMasked() {
            String priv = "AAABAQCx8Jk2Lm3Pq9Rs7Tv1Uw4Xy6Za8Bc0De2Fg4Hi6Jk8Lm0No2Pq4Rs6Tu8Vw0Xy2Za4Bc6De8Fg0\n"
                    + "AAAAgQDm7Jk2Lm3Pq9Rs7Tv1Uw4Xy6Za8Bc0De2Fg4Hi6Jk8Lm0No2Pq4Rs6Tu8Vw0Xy2Za4Bc6De";
            String ppk = "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-20240101\nPublic-Lines: 1\n"
                    + "AAAAB3NzaC1yc2EAAAADAQABAAABAQC8kT2mQ0wX9yZ\nPrivate-Lines: 2\n" + priv
                    + "\nPrivate-MAC: 8f2b1c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b\n";
            assertMasked(ppk, priv);
            assertTrue(redactor.redact(ppk).contains("AAAAB3NzaC1yc2EAAAADAQABAAABAQC8kT2mQ0wX9yZ"), "public lines stay");
        }

        @Test
        void privateLinesWithoutAPuttyHeaderAreNotAKeyFile() {
            assertUnchanged("Private-Lines: 2\nfirst line of notes\nsecond line of notes\n");
        }

        @Test
        void anAwsSessionTokenKeepsItsRunOfSlashes() {
            String token = "FwoGZXIvYXdzEJr//////////wEaDK29DlQ0mZ8rT5wPx3vB7qWk29DlQ0mZ8rT5wPx3vB7qW";
            assertMasked("aws_session_token = " + token, token);
            assertUnchanged("path = /srv//////data");
        }
    }
}
