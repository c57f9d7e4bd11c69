package io.cyberbrain.api.rag;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cyberbrain.rag.embed.MiniLmEmbedder;

/** One MiniLM model for query embeddings (about 90 MB): loaded by the first search on its worker thread, closed at shutdown. */
@ApplicationScoped
public class RagEmbedder {

    @Produces
    @Singleton
    MiniLmEmbedder embedder() {
        return new MiniLmEmbedder();
    }

    void close(@Disposes MiniLmEmbedder embedder) {
        embedder.close();
    }
}
