package io.cyberbrain.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The detectors generalised for issue 15 (secrets of kinds the rules were not written for): for each, a value it
 * must now mask and a near miss it must leave alone. All values are made up.
 */
class GeneralisedDetectorsTest {

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
    class ValuesWithRandomParts {

        @Test
        void aPrefixedTokenUnderASecretKeyIsMaskedThoughItIsSnakeCase() {
            assertMasked("gocardlessToken=live_mutw45mzls6fwazhgzs813m6u6mc4dqt8a4li_om", "live_mutw45mzls6fwazhgzs813m6u6mc4dqt8a4li_om");
            assertMasked("MW_PX_API_KEY=px-api-c20a3cba-d3c9-45c1-a557-8864040b8f79", "px-api-c20a3cba-d3c9-45c1-a557-8864040b8f79");
        }

        @Test
        void wordsJoinedBySeparatorsStayNames() {
            assertUnchanged("api_token=refresh_token_for_service_account");
            assertUnchanged("password=peace_for_ukraine");
        }

        @Test
        void anUnquotedDottedTokenIsMaskedButADottedReferenceIsNot() {
            assertMasked("DYNATRACE_TOKEN=dt0c01.cdfz70uvnq9ro63l51euepn3.kxrn464076cnocmrnxzwptrb",
                    "dt0c01.cdfz70uvnq9ro63l51euepn3.kxrn464076cnocmrnxzwptrb");
            assertUnchanged("auth_token=settings.security.authTokenValue");
        }

        @Test
        void shortLowerCasePartsWithoutVowelsAreRandomNotProse() {
            assertMasked("planetScaleToken=\"pscale_pw_vqt_tl_-ehcbshvocimue-35c5pbasj1\"", "pscale_pw_vqt_tl_-ehcbshvocimue-35c5pbasj1");
            assertUnchanged("token = \"there-are-not-the-webhook-you-are-looking-for\"");
        }
    }

    @Nested
    class Assignments {

        @Test
        void aSigilBeforeTheKeyStillMakesAnAssignment() {
            assertMasked("$password = \"Wq8#kT2m!vLp\";", "Wq8#kT2m!vLp");
            assertMasked("$ApiToken = 'k29DlQ0mZ8rT5wPx3vB7'", "k29DlQ0mZ8rT5wPx3vB7");
            assertUnchanged("Write-Host $password");
        }

        @Test
        void compoundAndMakeAssignmentsCount() {
            assertMasked("$authToken .= \"k29DlQ0mZ8rT5wPx3vB7\"", "k29DlQ0mZ8rT5wPx3vB7");
            assertMasked("API_TOKEN ::= \"k29DlQ0mZ8rT5wPx3vB7\"", "k29DlQ0mZ8rT5wPx3vB7");
            assertMasked("apiToken ??= \"k29DlQ0mZ8rT5wPx3vB7\"", "k29DlQ0mZ8rT5wPx3vB7");
            assertUnchanged("$tokens .= \"more words\"");
        }

        @Test
        void columnsAlignedWithManyBlanksStillPairKeyAndValue() {
            assertMasked("    fbApiKey:            \"171e84fd57f430fc59afa8fad3dbda2a\",", "171e84fd57f430fc59afa8fad3dbda2a");
            assertUnchanged("    fbApiKey:\n        \"171e84fd57f430fc59afa8fad3dbda2a\"");
        }

        @Test
        void aTypedDeclarationMasksItsQuotedValue() {
            assertMasked("var apiToken string = \"k29DlQ0mZ8rT5wPx3vB7\"", "k29DlQ0mZ8rT5wPx3vB7");
            assertUnchanged("var tokenType string = \"k29DlQ0mZ8rT5wPx3vB7\"");
        }

        @Test
        void aLicenceOrActivationKeyIsASecretButALicenceNameIsNot() {
            assertMasked("license_key: 0a14254db7a1e9d29c3370dacc798cb65d25c9af", "0a14254db7a1e9d29c3370dacc798cb65d25c9af");
            assertMasked("ACTIVATION_KEY=k29DlQ0mZ8rT5wPx3vB7", "k29DlQ0mZ8rT5wPx3vB7");
            assertUnchanged("license_key: Apache-2.0");
            assertUnchanged("product_key=12345678");
        }

        @Test
        void proseNamingAQuotedPasswordMasksIt() {
            assertMasked("make sure the password is \"centipede\" and press On", "centipede");
            assertUnchanged("the password is required");
        }
    }

    @Nested
    class Markup {

        @Test
        void aNameValueElementMasksTheValueOfASecretName() {
            assertMasked("<add key=\"FromEmailPassword\" value=\"Prestigitariu$\"/>", "Prestigitariu$");
            assertMasked("<property name=\"db.password\" value=\"s3cr3tPa55\"/>", "s3cr3tPa55");
            assertUnchanged("<add key=\"FromEmailAddress\" value=\"Prestigitariu$\"/>");
        }

        @Test
        void aWebhookUrlOfAnyServiceHasItsGeneratedPathMasked() {
            String path = "9da5da9c-4218-4c22-aed6-b5c8baebfff5";
            assertMasked("url = 'https://outlook.office.com/webhook/" + path + "'", path);
            assertUnchanged("POST https://example.com/webhooks/github/push-events/handler");
        }

        @Test
        void aKeyWrittenAsWordsPairsWithItsValue() {
            assertMasked("Unseal Key 2: 0tZn+7QQCxphpHwTm7/dC3LpP5JGIbYl3PK8Sy81R+P2", "0tZn+7QQCxphpHwTm7/dC3LpP5JGIbYl3PK8Sy81R+P2");
            assertMasked("  access token sgp_local_b70acbf2f685734c19791789fdeb73c6393dd02a",
                    "sgp_local_b70acbf2f685734c19791789fdeb73c6393dd02a");
            assertUnchanged("the access token expired at 12:00, refreshing");
            assertUnchanged("your public key AAAAB3NzaC1yc2EAAAADAQABAAABAQC8kT2m was added");
        }
    }

    @Nested
    class Shapes {

        @Test
        void aLongRandomBase62TokenIsMaskedWithoutPrefixOrKeyword() {
            assertMasked("{\"params\": [\"9-hTSZDBPyg0PjRZvWb8omoxJ7X2gAjRGmiPKql9ENGIUP9OPtEAzz5f6g9YIMVbZT\"]}",
                    "hTSZDBPyg0PjRZvWb8omoxJ7X2gAjRGmiPKql9ENGIUP9OPtEAzz5f6g9YIMVbZT");
            assertMasked("example.com?t=EZAKuRA4wmBf8KWwVRhba3YGyHZMy20fulPTgCvgNm4kuY9SHXpr6bKFaJ&q=1",
                    "EZAKuRA4wmBf8KWwVRhba3YGyHZMy20fulPTgCvgNm4kuY9SHXpr6bKFaJ");
        }

        @Test
        void identifiersHashesAndEncodedDataOfTheSameLengthStay() {
            assertUnchanged("at com.example.billing.InvoiceReconciliationServiceImplementationV2Factory.create");
            assertUnchanged("HTTP_SERVER_ERROR_RESPONSE_RETRY_LIMIT_EXCEEDED_FOR_UPSTREAM_V2");
            assertUnchanged("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
            assertUnchanged("q=Sd%2BUaLvse4JtiiSGRDISJS%3DEiUifRGBkE2XK5zMl76DjR9Ub0fhTYbJZCwnz4XRVBCcE3sNiF");
            assertUnchanged("header eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9MzI1NiIsInR5cCI6Ik");
        }

        @Test
        void linesOfAWrappedBase64BlockAreNotTokens() {
            assertUnchanged("String cert =\n"
                    + "    \"MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIT0gWHcAV1rACAggA\\n\" +\n"
                    + "    \"Ln3f3FEWXpWbNPRzhElOUUaNgRNOQrmxoE09QxWLt8L3soArRfWe732Nw7N9izpU\\n\";");
        }

        @Test
        void aLowerCaseTokenWhoseLettersAndDigitsAlternateAtRandomIsMasked() {
            assertMasked("https://thingsboard.cloud/api/v1/354u1g321kcqc1oad3w7/telemetry", "354u1g321kcqc1oad3w7");
            assertUnchanged("container_1445144423722_0020_01_000001 finished, session 0x14f05578bd80018 closed");
            assertUnchanged("build 20231005abcdefghijk42 and release2023candidate1final");
            assertUnchanged("rabbit@localhost/msg_stores/vhosts/628WB79CIFDYO9LJI6DKMI09L");
        }

        @Test
        void aKeyInDashSeparatedGroupsIsMasked() {
            assertMasked("secret key A3-ASWWYB-798JRYLJVD4-23DC2-86TVM-H43EB", "A3-ASWWYB-798JRYLJVD4-23DC2-86TVM-H43EB");
            assertUnchanged("RequestId: 8C4C3B4A-1D2E-4F5A-9B8C-7D6E5F4A3B2C");
            assertUnchanged("A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX");
        }

        @Test
        void aTokenWithAJoseHeaderIsAJwtWhateverItsPayload() {
            String token = "eyJ0eXAiOiAiVENWMiJ9.RkNWLXdXS3M1RVBfencxM4A0WmJzdVlCQzFj"
                    + ".OGY1OWRkNGMtYTUxYS04ZDYwLWFiZGYtZWE5MWFhZWJiODhh";
            assertMasked("value=\"" + token + "\"", token);
            // a part of 4n+1 characters is no base64url: not a JOSE object
            assertUnchanged("not detected: eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.NiIsInR5cCI6IkpXV.NiIsInR5cCI6IkpXV");
        }
    }
}
