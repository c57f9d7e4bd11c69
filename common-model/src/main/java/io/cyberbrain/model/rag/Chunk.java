package io.cyberbrain.model.rag;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One retrievable passage of a document: characters {@code [startOffset, endOffset)} of its text. */
@Entity
@Table(name = "chunk")
public class Chunk extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "document_id")
    public Long documentId;

    @Column(name = "chunk_index")
    public int chunkIndex;

    @Column(name = "chunk_text")
    public String chunkText;

    @Column(name = "start_offset")
    public int startOffset;

    @Column(name = "end_offset")
    public int endOffset;

    @Column(name = "word_count")
    public int wordCount;

    // search_vector is left unmapped on purpose: Postgres generates it from chunk_text and rejects any
    // insert or update that names it. Full-text search reaches it through native SQL.
}
