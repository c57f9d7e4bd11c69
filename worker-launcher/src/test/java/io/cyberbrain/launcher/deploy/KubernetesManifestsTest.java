package io.cyberbrain.launcher.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import io.cyberbrain.launcher.LauncherConfig;

/**
 * The manifests of deploy/kubernetes, parsed with the fabric8 model (typed objects, as the API server would read them):
 * namespace-scoped, the launcher's Role exactly what the kubernetes executor needs, every pod confined, no secret value
 * in them, and the launcher's settings named as the configuration reads them. No cluster ran them (see
 * docs/deployment.md#kubernetes).
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> SERVICES = Set.of("cyberbrain-api", "cyberbrain-scheduler", "cyberbrain-ingester",
            "cyberbrain-worker-launcher");
    private static final String LAUNCHER = "cyberbrain-worker-launcher";

    @Test
    void everyManifestIsListedInTheKustomizationWhichSetsTheNamespace() throws IOException {
        GenericKubernetesResource kustomization = parseOne(DIR.resolve("kustomization.yaml"), GenericKubernetesResource.class);

        assertEquals("Kustomization", kustomization.getKind());
        assertEquals("cyberbrain", kustomization.getAdditionalProperties().get("namespace"));
        assertEquals(manifestFiles().stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>((List<?>) kustomization.getAdditionalProperties().get("resources")));
    }

    @Test
    void everythingIsNamespaceScopedAndNoSecretIsCommitted() throws IOException {
        List<HasMetadata> all = resources();

        assertEquals(Set.of("PersistentVolumeClaim", "ServiceAccount", "Role", "RoleBinding", "Deployment", "Service"),
                all.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
        for (HasMetadata resource : all) {
            assertNull(resource.getMetadata().getNamespace(), resource.getMetadata().getName() + ": the kustomization sets it");
        }
        for (Deployment deployment : of(all, Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    if (env.getName().matches(".*(PASSWORD|TOKEN|SECRET|POSTGRES_URL).*")) {
                        assertNull(env.getValue(), env.getName() + " must come from a Secret");
                        assertNotNull(env.getValueFrom().getSecretKeyRef(), env.getName());
                    }
                }
            }
        }
    }

    @Test
    void theLaunchersRoleAllowsJobsPodsAndPodLogsInItsNamespaceAndNothingElse() throws IOException {
        List<HasMetadata> all = resources();
        Role role = one(all, Role.class, LAUNCHER);

        assertEquals(List.of(
                        rule("batch", "jobs", "create", "get", "list", "watch", "delete"),
                        rule("", "pods", "get", "list", "watch"),
                        rule("", "pods/log", "get")),
                role.getRules().stream().map(r -> rule(String.join(",", r.getApiGroups()), String.join(",", r.getResources()),
                        r.getVerbs().toArray(String[]::new))).toList());
        for (PolicyRule rule : role.getRules()) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty());
        }
        RoleBinding binding = one(all, RoleBinding.class, LAUNCHER);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(LAUNCHER, binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
        assertEquals(LAUNCHER, binding.getSubjects().get(0).getName());
        assertNotNull(one(all, ServiceAccount.class, LAUNCHER));
    }

    @Test
    void onlyTheLauncherRunsWithItsServiceAccountAndTheOthersGetNoToken() throws IOException {
        List<Deployment> deployments = of(resources(), Deployment.class);

        assertEquals(SERVICES, deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()));
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            if (deployment.getMetadata().getName().equals(LAUNCHER)) {
                assertEquals(LAUNCHER, pod.getServiceAccountName());
                assertTrue(pod.getAutomountServiceAccountToken());
            } else {
                assertNull(pod.getServiceAccountName(), deployment.getMetadata().getName());
                assertFalse(pod.getAutomountServiceAccountToken(), deployment.getMetadata().getName());
            }
        }
    }

    @Test
    void everyPodRunsAsNonRootReadOnlyWithoutCapabilitiesOrEscalationUnderTheDefaultSeccompProfile() throws IOException {
        for (Deployment deployment : of(resources(), Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertTrue(pod.getSecurityContext().getRunAsNonRoot(), name);
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertTrue(security.getRunAsNonRoot(), name);
                assertTrue(security.getReadOnlyRootFilesystem(), name);
                assertFalse(security.getAllowPrivilegeEscalation(), name);
                assertFalse(security.getPrivileged(), name);
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), name);
                assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty(), name);
                assertNotNull(container.getResources().getLimits().get("memory"), name + " has no memory limit");
                assertEquals(Set.of("/tmp", "/home/cyberbrain", "/data/logs", "/data/uploads", "/etc/cyberbrain/db-ca"),
                        container.getVolumeMounts().stream().map(m -> m.getMountPath()).collect(Collectors.toSet()), name);
                assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath(), name);
            }
        }
    }

    @Test
    void theSharedFoldersAreTheClaimsOfStorageAndTheLauncherHandsTheSameOnesToItsWorkers() throws IOException {
        List<HasMetadata> all = resources();
        Set<String> claims = of(all, PersistentVolumeClaim.class).stream().map(c -> c.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("cyberbrain-logs", "cyberbrain-uploads"), claims);

        for (Deployment deployment : of(all, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            Map<String, String> env = env(container);
            assertEquals("cyberbrain-logs", claimMountedAt(pod, container, env.get("CYBER_BRAIN_LOGS")));
            assertEquals("cyberbrain-uploads", claimMountedAt(pod, container, env.get("CYBER_BRAIN_UPLOADS")));
        }
        Deployment launcher = one(all, Deployment.class, LAUNCHER);
        Map<String, String> env = env(launcher.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertEquals("kubernetes", env.get("CYBERBRAIN_EXECUTOR"));
        assertEquals("cyberbrain-logs", env.get("CYBERBRAIN_LAUNCHER_KUBERNETES_LOGS_CLAIM"));
        assertEquals("cyberbrain-uploads", env.get("CYBERBRAIN_LAUNCHER_KUBERNETES_UPLOADS_CLAIM"));
    }

    @Test
    void theLaunchersKubernetesSettingsAreNamedAsItsConfigurationReadsThem() throws IOException {
        Set<String> keys = Arrays.stream(LauncherConfig.Kubernetes.class.getMethods()).map(m -> m.getName())
                .collect(Collectors.toSet());
        Deployment launcher = one(resources(), Deployment.class, LAUNCHER);

        List<String> named = new ArrayList<>();
        for (String variable : env(launcher.getSpec().getTemplate().getSpec().getContainers().get(0)).keySet()) {
            if (variable.startsWith("CYBERBRAIN_LAUNCHER_KUBERNETES_")) {
                String method = camel(variable.substring("CYBERBRAIN_LAUNCHER_KUBERNETES_".length()));
                assertTrue(keys.contains(method), variable + " sets no cyberbrain.launcher.kubernetes key");
                named.add(variable);
            }
        }
        assertFalse(named.isEmpty());
    }

    @Test
    void theApiServiceSelectsTheApiPodsOnTheirHttpPort() throws IOException {
        List<HasMetadata> all = resources();
        Service service = one(all, Service.class, "cyberbrain-api");
        Deployment api = one(all, Deployment.class, "cyberbrain-api");

        assertEquals("ClusterIP", service.getSpec().getType());
        Map<String, String> podLabels = api.getSpec().getTemplate().getMetadata().getLabels();
        service.getSpec().getSelector().forEach((k, v) -> assertEquals(v, podLabels.get(k), k));
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(8000, api.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .filter(p -> "http".equals(p.getName())).findFirst().orElseThrow().getContainerPort());
        assertTrue(api.getSpec().getSelector().getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))), "the Deployment selects its own pods");
    }

    // ---- reading --------------------------------------------------------------------------------------------

    private static List<Path> manifestFiles() throws IOException {
        assertTrue(Files.isDirectory(DIR), DIR.toAbsolutePath() + " is missing");
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    /** Every resource of every manifest, as typed model objects. */
    private static List<HasMetadata> resources() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        for (Path file : manifestFiles()) {
            Object parsed;
            try (InputStream in = Files.newInputStream(file)) {
                parsed = SERIALIZATION.unmarshal(in);
            }
            List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
            for (Object item : items) {
                assertTrue(item instanceof HasMetadata && !(item instanceof GenericKubernetesResource),
                        file + ": not a known resource: " + item);
                all.add((HasMetadata) item);
            }
        }
        return all;
    }

    private static <T extends KubernetesResource> T parseOne(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return SERIALIZATION.unmarshal(in, type);
        }
    }

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> type, String name) {
        List<T> found = of(all, type).stream().filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + name);
        return found.get(0);
    }

    private static String rule(String group, String resource, String... verbs) {
        return "[" + group + "] " + resource + ": " + String.join(",", verbs);
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    private static String claimMountedAt(PodSpec pod, Container container, String path) {
        String volume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + path)).getName();
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst().orElseThrow();
        return v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName();
    }

    private static String camel(String envSuffix) {
        String[] parts = envSuffix.toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }
}
