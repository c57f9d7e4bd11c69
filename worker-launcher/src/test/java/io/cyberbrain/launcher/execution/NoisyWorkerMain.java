package io.cyberbrain.launcher.execution;

/**
 * A worker that floods its output, as one stuck in a logging loop would: many lines on stdout, then a last line with
 * a secret on stderr, and a failing exit code.
 */
public final class NoisyWorkerMain {

    static final int LINES = 100_000;
    static final String LAST_LINE = "giving up: cannot reach postgres://app:s3cr3t-pw@db:5432/app";

    private NoisyWorkerMain() {
    }

    public static void main(String[] args) {
        StringBuilder chunk = new StringBuilder();
        for (int i = 1; i <= LINES; i++) {
            chunk.append("retrying the same thing, attempt ").append(i).append('\n');
            if (i % 1000 == 0) {
                System.out.print(chunk);
                chunk.setLength(0);
            }
        }
        System.out.flush();
        System.err.println(LAST_LINE);
        System.exit(3);
    }
}
