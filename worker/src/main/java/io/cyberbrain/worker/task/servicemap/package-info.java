/**
 * Task {@code service_map}: "what talks to what, and what would least-privilege look like?"
 *
 * <p>Input ({@code job.json} {@code inputs}): {@code containers} (container-inspect objects, single or
 * {@code docker inspect} arrays; the {@code GET /containers/json} list shape is accepted too),
 * {@code networks} (network-inspect objects), {@code scope} ({@code allowlist}|{@code all}, echoed only).
 * Config: {@code namespace} or {@code service_map.namespace} (default {@code default}).
 *
 * <p>Result ({@code result.json} {@code result}):
 * <ul>
 *   <li>{@code nodes}: name, id (12 chars), image, state, compose_project, compose_service,
 *       published_ports [{host_port, container_port, protocol}], exposed_ports ["5432/tcp"], networks,
 *       aliases, network_mode;</li>
 *   <li>{@code edges}: from, to, kind ({@code network_mode}|{@code link}|{@code depends_on}|{@code env}),
 *       port (nullable), evidence; directed from client to server;</li>
 *   <li>{@code networks}: name, id, driver, internal, user_defined, members. A shared user-defined network
 *       is membership, not pairwise edges (see {@link io.cyberbrain.worker.task.servicemap.ServiceGraph});
 *       Mermaid and DOT draw it as a network node linked to its members;</li>
 *   <li>{@code unresolved}: references to containers or services not in the inventory;</li>
 *   <li>{@code policies}: service, namespace, container, container_id, allowed_from, ports, yaml (the rows
 *       of {@code network_policy_recommendation});</li>
 *   <li>{@code mermaid}, {@code dot}, {@code counts}, {@code scope}.</li>
 * </ul>
 * Artifacts: {@code service-map.json}, {@code service-map.mmd}, {@code service-map.dot},
 * {@code networkpolicies.yaml}.
 *
 * <p>Secrets: environment values are scanned for host names only; nothing but a variable name and the
 * matched host:port ever leaves {@link io.cyberbrain.worker.task.servicemap.EnvReferences}, and every
 * evidence string passes through the standard Redactor.
 */
package io.cyberbrain.worker.task.servicemap;
