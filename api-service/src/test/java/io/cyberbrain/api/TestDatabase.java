package io.cyberbrain.api;

import io.cyberbrain.embeddeddb.TestDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;

/** One database for the api-service test application: embedded, or CYBERBRAIN_TEST_DB_URL's server. */
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {
    }
}
