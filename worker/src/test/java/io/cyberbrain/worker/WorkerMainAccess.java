package io.cyberbrain.worker;

/** Test access to the worker's package-private parent watch. */
public final class WorkerMainAccess {

    private WorkerMainAccess() {
    }

    public static void watch(String parentPid) {
        WorkerMain.watchParent(parentPid);
    }
}
