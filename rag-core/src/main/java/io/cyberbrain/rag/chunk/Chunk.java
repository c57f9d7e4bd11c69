package io.cyberbrain.rag.chunk;

/**
 * One chunk of a document's extracted text.
 *
 * @param index       position of the chunk in its document, from 0 (the {@code chunk.chunk_index} column)
 * @param text        the chunk's text, exactly {@code source.substring(startOffset, endOffset)}
 * @param startOffset offset of the chunk's first character in the extracted text
 * @param endOffset   offset just past the chunk's last character (exclusive)
 * @param wordCount   number of words (whitespace-separated tokens) in the chunk
 */
public record Chunk(int index, String text, int startOffset, int endOffset, int wordCount) {
}
