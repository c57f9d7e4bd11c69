package io.cyberbrain.worker.task.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The nvidia-smi fixtures copied into test resources (see nvidia_smi/SOURCE.txt). */
final class Fixtures {

    private Fixtures() {
    }

    static Path root() {
        URL url = Fixtures.class.getResource("/nvidia_smi");
        if (url == null) {
            throw new IllegalStateException("test resource folder nvidia_smi is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String relative) {
        return read(root().resolve(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under {@code dir} whose name ends with {@code suffix}, sorted. */
    static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NvidiaSmiSnapshot xml(String relative) {
        return new NvidiaSmiXmlParser().parse(read("xml/" + relative));
    }
}
