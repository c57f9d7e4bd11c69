package io.cyberbrain.scheduler;

import io.cyberbrain.embeddeddb.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SchedulerServiceBootTest extends ServiceBootContract {
}
