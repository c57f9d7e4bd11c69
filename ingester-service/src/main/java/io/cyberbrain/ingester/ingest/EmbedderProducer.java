package io.cyberbrain.ingester.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cyberbrain.rag.embed.MiniLmEmbedder;

/** One MiniLM model per service (about 90 MB); loaded on first use, closed at shutdown. */
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
