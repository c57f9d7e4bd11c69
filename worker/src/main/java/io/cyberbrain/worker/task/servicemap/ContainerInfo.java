package io.cyberbrain.worker.task.servicemap;

import java.util.List;

/**
 * What the service map needs from one container-inspect object. Every field may be null or empty: the
 * inventory comes from different Docker versions and from the list endpoint as well as from inspect.
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        String state,
        String composeProject,
        String composeService,
        String hostname,
        List<PortSpec> exposedPorts,
        List<PublishedPort> publishedPorts,
        List<NetworkAttachment> networks,
        String networkMode,
        List<String> links,
        String dependsOn,
        List<EnvVar> env) {

    public ContainerInfo {
        exposedPorts = List.copyOf(exposedPorts);
        publishedPorts = List.copyOf(publishedPorts);
        networks = List.copyOf(networks);
        links = List.copyOf(links);
        env = List.copyOf(env);
    }
}
