package io.cyberbrain.api.mcp.conformance;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import javax.imageio.ImageIO;

/**
 * The binary payloads the conformance scenarios ask for (a 1x1 red PNG, a short WAV), base64-encoded the way MCP
 * carries them. Generated rather than pasted, so that nobody has to trust an opaque blob in the sources.
 */
record ConformanceMedia(String base64, String mimeType) {

    static final ConformanceMedia RED_PIXEL_PNG = new ConformanceMedia(redPixelPng(), "image/png");
    static final ConformanceMedia SILENT_WAV = new ConformanceMedia(silentWav(), "audio/wav");

    private static String redPixelPng() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /** 10 ms of 8 kHz, 8-bit mono silence: the smallest WAV every player accepts. */
    private static String silentWav() {
        int sampleRate = 8_000;
        int samples = sampleRate / 100;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate).putShort((short) 1).putShort((short) 8);
        wav.put("data".getBytes()).putInt(samples);
        for (int i = 0; i < samples; i++) {
            wav.put((byte) 0x80); // unsigned 8-bit PCM: 128 is the zero line
        }
        return Base64.getEncoder().encodeToString(wav.array());
    }
}
