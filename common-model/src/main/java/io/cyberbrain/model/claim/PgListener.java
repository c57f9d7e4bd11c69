package io.cyberbrain.model.claim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;

/**
 * LISTEN on PostgreSQL channels, the one way every service hears NOTIFY. Each {@link #listen} holds a connection of
 * its own (a pooled connection cannot stay subscribed), made from the datasource settings read here once, and
 * reconnects every second after losing it. Handlers run on the event loop: they must not block. Notifications
 * sent while the connection is down are lost, so every listener keeps a fallback (polling, reconciling).
 */
@ApplicationScoped
public class PgListener {

    private static final Logger LOG = Logger.getLogger(PgListener.class);
    private static final long RECONNECT_MILLIS = 1_000L;

    private final Vertx vertx;
    private final PgConnectOptions options;

    public PgListener(Vertx vertx,
                      @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                      @ConfigProperty(name = "quarkus.datasource.username") String user,
                      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                      @ConfigProperty(name = "quarkus.datasource.reactive.trust-certificate-pem.certs")
                      Optional<List<String>> trustCertificates,
                      @ConfigProperty(name = "quarkus.datasource.reactive.hostname-verification-algorithm")
                      Optional<String> hostnameVerification) {
        this.vertx = vertx;
        this.options = options(reactiveUrl, user, password, trustCertificates, hostnameVerification);
    }

    /** The pool's own TLS settings too (a CA for sslmode=verify-ca/verify-full, its hostname check), as Quarkus applies them. */
    static PgConnectOptions options(String reactiveUrl, String user, Optional<String> password,
                                    Optional<List<String>> trustCertificates, Optional<String> hostnameVerification) {
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl).setUser(user).setPassword(password.orElse(""));
        trustCertificates.filter(certs -> !certs.isEmpty()).ifPresent(certs -> {
            PemTrustOptions pem = new PemTrustOptions();
            certs.forEach(pem::addCertPath);
            options.setPemTrustOptions(pem);
        });
        hostnameVerification.map(String::trim).filter(a -> !a.isEmpty() && !a.equalsIgnoreCase("NONE"))
                .ifPresent(options::setHostnameVerificationAlgorithm);
        return options;
    }

    /**
     * Subscribes {@code handlers} (channel to handler of the payload) on a connection of their own.
     *
     * @param onConnected runs once the first LISTEN is in place, e.g. to catch up on what came before
     * @param fallback    what keeps working without it, for the log line when connecting fails
     */
    public Subscription listen(Map<String, Consumer<String>> handlers, Runnable onConnected, String fallback) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_MILLIS);
        handlers.forEach((channel, handler) -> subscriber.channel(channel).handler(handler));
        subscriber.connect().subscribe().with(ok -> onConnected.run(),
                e -> LOG.warnf("LISTEN %s failed (%s); %s", handlers.keySet(), e.getMessage(), fallback));
        return new Subscription(subscriber);
    }

    /** An open LISTEN connection. */
    public static final class Subscription implements AutoCloseable {

        private final PgSubscriber subscriber;

        private Subscription(PgSubscriber subscriber) {
            this.subscriber = subscriber;
        }

        /** Ends the subscription and closes its connection; blocking. */
        @Override
        public void close() {
            subscriber.close().await().indefinitely();
        }
    }
}
