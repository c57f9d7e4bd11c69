package io.cyberbrain.launcher.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/** A worker that writes the environment it was given (name=value per line) to env.txt in its job folder. */
public final class EnvProbeWorkerMain {

    static final String FILE = "env.txt";

    private EnvProbeWorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(System.getenv()).forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        Files.writeString(Path.of(args[0]).resolve(FILE), out);
    }
}
