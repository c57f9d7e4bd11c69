package io.cyberbrain.scheduler;

import java.util.List;

import io.cyberbrain.embeddeddb.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SchedulerServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> expectedMetrics() {
        return List.of("cyberbrain_scheduler_fires_total", "cyberbrain_scheduler_lag_seconds_bucket");
    }
}
