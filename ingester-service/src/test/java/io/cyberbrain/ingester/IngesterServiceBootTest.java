package io.cyberbrain.ingester;

import io.cyberbrain.embeddeddb.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class IngesterServiceBootTest extends ServiceBootContract {
}
