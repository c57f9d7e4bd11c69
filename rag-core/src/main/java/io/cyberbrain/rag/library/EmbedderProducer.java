package io.cyberbrain.rag.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cyberbrain.rag.embed.MiniLmEmbedder;

/**
 * The one MiniLM model of a service (about 90 MB, seconds to load): created when first injected, closed at shutdown.
 * A bean that must not load it early or on an event loop takes a {@code Provider<MiniLmEmbedder>}.
 */
@ApplicationScoped
public class EmbedderProducer {

    @Produces
    @Singleton
    MiniLmEmbedder embedder() {
        return new MiniLmEmbedder();
    }

    void close(@Disposes MiniLmEmbedder embedder) {
        embedder.close();
    }
}
