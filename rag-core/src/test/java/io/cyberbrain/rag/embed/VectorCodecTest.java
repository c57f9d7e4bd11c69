package io.cyberbrain.rag.embed;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VectorCodecTest {

    @Test
    void roundTripIsExact() {
        Random r = new Random(7);
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        v[0] = Float.MIN_VALUE;
        v[1] = -0.0f;
        byte[] b = VectorCodec.encode(v);
        assertEquals(384 * 4, b.length);
        assertArrayEquals(v, VectorCodec.decode(b, 384));
    }

    @Test
    void bytesAreLittleEndianFloat32() {
        // 1.0f = 0x3F800000 -> 00 00 80 3F in little-endian
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, VectorCodec.encode(new float[] {1.0f}));
    }

    @Test
    void wrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> VectorCodec.decode(new byte[7]));
        assertThrows(IllegalArgumentException.class, () -> VectorCodec.decode(new byte[8], 384));
    }

    @Test
    void meanOfUnitVectorsIsUnit() {
        float[] m = VectorMath.meanNormalized(new float[][] {{1, 0}, {0, 1}});
        assertEquals(1.0, VectorMath.dot(m, m), 1e-6);
        assertEquals(m[0], m[1], 1e-7);
    }
}
