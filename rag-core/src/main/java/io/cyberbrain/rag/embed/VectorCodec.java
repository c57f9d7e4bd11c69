package io.cyberbrain.rag.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * float[] to and from the {@code embedding.vector} column: {@code bytea} of little-endian IEEE-754 float32.
 *
 * <p>There is no pgvector here, so the bytes are the storage format. Little-endian is fixed (not the JVM's
 * big-endian default) so that the bytes are the same as a C/NumPy {@code float32} array and can be read
 * by any tool; the length must be exactly {@code 4 * dimensions} (the table checks it too).
 */
public final class VectorCodec {

    private VectorCodec() {
    }

    public static byte[] encode(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(vector);
        return buf.array();
    }

    public static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("vector bytes not a multiple of 4: " + bytes.length);
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** Decodes and checks the dimension, for rows read back from the database. */
    public static float[] decode(byte[] bytes, int expectedDimensions) {
        if (bytes.length != expectedDimensions * Float.BYTES) {
            throw new IllegalArgumentException(
                    "expected " + expectedDimensions * Float.BYTES + " bytes, got " + bytes.length);
        }
        return decode(bytes);
    }
}
