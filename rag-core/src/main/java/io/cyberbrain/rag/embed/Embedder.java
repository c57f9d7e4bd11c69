package io.cyberbrain.rag.embed;

import java.util.List;

/**
 * Turns text into unit-length vectors whose dot product is their cosine similarity.
 * Implementations are thread-safe.
 */
public interface Embedder {

    /** Identifier stored in {@code embedding.model}, so vectors of different models are never mixed. */
    String modelId();

    int dimensions();

    /** One unit vector per text, batched; every part of a long text counts (see the implementation). */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}
