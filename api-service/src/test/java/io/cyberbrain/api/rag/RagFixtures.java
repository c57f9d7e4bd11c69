package io.cyberbrain.api.rag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.rag.chunk.Chunk;
import io.cyberbrain.rag.chunk.Chunker;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.embed.VectorCodec;

/**
 * Documents as the ingester stores them (a separate application, not running in these tests): chunks by
 * rag-core's Chunker, vectors by MiniLM through VectorCodec, then NOTIFY cyberbrain_documents.
 */
final class RagFixtures {

    private RagFixtures() {
    }

    /** An upload row in state ready, as the ingester leaves it. */
    static long readyUpload(AgroalDataSource ds, String name) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into upload_file (original_name, stored_name, sha256, size_bytes, mime_type, status, created_at, updated_at)"
                        + " values (?, ?, ?, 1, 'text/plain', 'ready', now(), now()) returning id")) {
            ps.setString(1, name);
            ps.setString(2, UUID.randomUUID().toString());
            ps.setString(3, (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Stores a document of the given paragraphs for the upload; with no embedder every chunk gets the same unit
     * vector (enough for tests that do not rank by meaning).
     */
    static long storeDocument(AgroalDataSource ds, long uploadId, String title, String[] paragraphs, MiniLmEmbedder embedder)
            throws Exception {
        String text = String.join("\n\n", paragraphs);
        List<Chunk> chunks = new Chunker(60, 10).chunk(text);
        List<float[]> vectors = new ArrayList<>();
        if (embedder != null) {
            vectors.addAll(embedder.embedAll(chunks.stream().map(Chunk::text).toList()));
        } else {
            for (int i = 0; i < chunks.size(); i++) {
                float[] v = new float[MiniLmEmbedder.DIMENSIONS];
                v[0] = 1f;
                vectors.add(v);
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long documentId;
            try (PreparedStatement ps = c.prepareStatement("insert into document (upload_id, title, mime_type, char_count,"
                    + " word_count, chunk_count, created_at) values (?, ?, 'text/plain', ?, ?, ?, now()) returning id")) {
                ps.setLong(1, uploadId);
                ps.setString(2, title);
                ps.setInt(3, text.length());
                ps.setInt(4, chunks.stream().mapToInt(Chunk::wordCount).sum());
                ps.setInt(5, chunks.size());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    documentId = rs.getLong(1);
                }
            }
            for (int i = 0; i < chunks.size(); i++) {
                Chunk chunk = chunks.get(i);
                long chunkId;
                try (PreparedStatement ps = c.prepareStatement("insert into chunk (document_id, chunk_index, chunk_text, start_offset,"
                        + " end_offset, word_count) values (?, ?, ?, ?, ?, ?) returning id")) {
                    ps.setLong(1, documentId);
                    ps.setInt(2, chunk.index());
                    ps.setString(3, chunk.text());
                    ps.setInt(4, chunk.startOffset());
                    ps.setInt(5, chunk.endOffset());
                    ps.setInt(6, chunk.wordCount());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        chunkId = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("insert into embedding (chunk_id, model, dimensions, vector, created_at)"
                        + " values (?, ?, ?, ?, now())")) {
                    ps.setLong(1, chunkId);
                    ps.setString(2, MiniLmEmbedder.MODEL_ID);
                    ps.setInt(3, MiniLmEmbedder.DIMENSIONS);
                    ps.setBytes(4, VectorCodec.encode(vectors.get(i)));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select cast(pg_notify('cyberbrain_documents', ?) as text)")) {
                ps.setString(1, Long.toString(documentId));
                ps.executeQuery().close();
            }
            c.commit();
            return documentId;
        }
    }
}
