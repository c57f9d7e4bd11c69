package io.cyberbrain.launcher;

import io.cyberbrain.embeddeddb.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WorkerLauncherBootTest extends ServiceBootContract {
}
