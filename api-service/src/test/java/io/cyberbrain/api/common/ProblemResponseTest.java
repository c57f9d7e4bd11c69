package io.cyberbrain.api.common;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProblemResponseTest {

    @Test
    void malformedJsonIsA400WithoutInternals() {
        as("operator").body("{\"tasks\": [\"log_triage\"").post("/api/runs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("not valid JSON"))
                .body("detail", not(containsString("com.fasterxml")))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void unknownFieldsAreNamed() {
        as("operator").body("{\"tasks\": [\"log_triage\"], \"directiv_id\": 1}").post("/api/runs").then().statusCode(400)
                .body("detail", equalTo("unknown field 'directiv_id'"));
    }

    @Test
    void wrongTypesAreNamed() {
        as("operator").body("{\"tasks\": [\"log_triage\"], \"directive_id\": \"one\"}").post("/api/runs").then().statusCode(400)
                .body("detail", containsString("expected a whole number"))
                .body("detail", not(containsString("java.lang")));
    }

    @Test
    void unknownPathsAreProblems() {
        as("viewer").get("/api/nothing-here").then().statusCode(404);
    }

    @Test
    void secretsInInputAreRedactedFromErrorDetails() {
        as("operator").body("{\"tasks\": [\"ghp_R4nd0mT0k3nV4lu3Xq9Zt7Lm2Pk8Wc5Yb1Nd\"]}").post("/api/runs").then().statusCode(400)
                .body("detail", not(containsString("ghp_R4nd0mT0k3nV4lu3Xq9Zt7Lm2Pk8Wc5Yb1Nd")));
    }
}
