package io.cyberbrain.worker.task.servicemap;

import java.util.List;

/** One entry of {@code NetworkSettings.Networks}: the names a container answers to on that network. */
public record NetworkAttachment(String network, String networkId, List<String> aliases, List<String> dnsNames,
                                List<String> links) {

    public NetworkAttachment {
        aliases = List.copyOf(aliases);
        dnsNames = List.copyOf(dnsNames);
        links = List.copyOf(links);
    }
}
