package io.cyberbrain.launcher.execution.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;

/**
 * The Kubernetes API client of the kubernetes executor. It is configured the way kubectl is: inside a pod from its
 * service account (token, CA and namespace under /var/run/secrets/kubernetes.io/serviceaccount), else from KUBECONFIG or
 * ~/.kube/config. Its HTTP client runs on the application's own Vert.x (the Vert.x 4 transport), so the launcher has
 * one event loop pool, not two; its blocking calls wait on the caller's thread. Nothing is contacted until the first call.
 */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    public static KubernetesClient connect(Vertx vertx) {
        return new KubernetesClientBuilder().withHttpClientFactory(new VertxHttpClientFactory(vertx)).build();
    }
}
