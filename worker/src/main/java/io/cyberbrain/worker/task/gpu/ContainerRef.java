package io.cyberbrain.worker.task.gpu;

/** The container a process belongs to; either part may be null (a cgroup only yields the id). */
public record ContainerRef(String id, String name) {
}
