package io.cyberbrain.worker.task.servicemap;

/**
 * One {@code Config.Env} entry. Values are only ever scanned for host names in memory; no value is ever
 * copied into a result, report or artifact (see {@link EnvReferences}).
 */
public record EnvVar(String name, String value) {

    @Override
    public String toString() {
        // a stray log or assertion message must not print the value
        return name + "=<hidden>";
    }
}
