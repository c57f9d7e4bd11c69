package io.cyberbrain.launcher.host;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The host this launcher registers as (issue 17): its name and the labels targets select it by. */
@ConfigMapping(prefix = "cyberbrain.host")
public interface HostConfig {

    /** CYBERBRAIN_HOST_NAME: the host's name in targets and on the Hosts page; defaults to the machine's host name. */
    Optional<String> name();

    /**
     * CYBERBRAIN_HOST_LABELS: {@code key=value} pairs, comma-separated ({@code gpu=true,site=basement}); a label
     * selector ({@code "target": {"labels": {...}}}) matches hosts whose labels contain it.
     */
    Optional<List<String>> labels();
}
