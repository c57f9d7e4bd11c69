package io.cyberbrain.launcher.execution;

/** A worker that never finishes, as a hung task would: it blocks until it is killed. */
public final class StuckWorkerMain {

    private StuckWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("stuck worker started");
        System.out.flush();
        Object forever = new Object();
        synchronized (forever) {
            forever.wait();
        }
    }
}
