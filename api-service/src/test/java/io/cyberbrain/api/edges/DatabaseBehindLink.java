package io.cyberbrain.api.edges;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.embeddeddb.TestDatabaseResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test application of its own whose reactive client reaches its fresh database through a {@link DatabaseLink}
 * (Flyway still connects directly), so a test can take the database away without touching other tests.
 */
public class DatabaseBehindLink implements QuarkusTestProfile {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Link {
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {

        private final TestDatabaseResource database = new TestDatabaseResource();
        private DatabaseLink link;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(database.start());
            URI direct = URI.create(config.get("quarkus.datasource.reactive.url"));
            try {
                link = new DatabaseLink(direct.getHost(), direct.getPort());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot open the database link", e);
            }
            config.put("quarkus.datasource.reactive.url", "postgresql://" + direct.getHost() + ":" + link.port()
                    + direct.getRawPath() + (direct.getRawQuery() == null ? "" : "?" + direct.getRawQuery()));
            return config;
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(link, new TestInjector.AnnotatedAndMatchesType(Link.class, DatabaseLink.class));
        }

        @Override
        public void stop() {
            try {
                link.close();
            } catch (java.io.IOException e) {
                // the application is gone already
            }
            database.stop();
        }
    }
}
