package io.cyberbrain.ingester;

import io.cyberbrain.embeddeddb.TestDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;

/** One database for this service's test application: embedded, or CYBERBRAIN_TEST_DB_URL's server. */
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {
    }
}
