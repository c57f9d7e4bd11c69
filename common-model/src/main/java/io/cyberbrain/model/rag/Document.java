package io.cyberbrain.model.rag;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The text extracted from one upload, the parent of its chunks. */
@Entity
@Table(name = "document")
public class Document extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "upload_id")
    public Long uploadId;

    public String title;

    @Column(name = "mime_type")
    public String mimeType;

    @Column(name = "char_count")
    public int charCount;

    @Column(name = "word_count")
    public int wordCount;

    @Column(name = "chunk_count")
    public int chunkCount;

    @Column(name = "created_at")
    public Instant createdAt;
}
