package io.cyberbrain.api.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.api.common.StorableInstants;
import io.cyberbrain.model.alert.AlertDecision;
import io.cyberbrain.model.alert.AlertStatus;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.support.WireEnum;

/** The alert list's filters, validated, as an HQL condition with named parameters. */
public record AlertFilter(String fingerprint, AlertStatus status, AlertDecision decision, Long ruleId, Instant since) {

    public static AlertFilter parse(String fingerprint, String status, String decision, Long ruleId, String since) {
        if (fingerprint != null && fingerprint.length() > IncomingAlerts.MAX_FINGERPRINT) {
            throw new InvalidRequestException("fingerprint", "at most " + IncomingAlerts.MAX_FINGERPRINT + " characters");
        }
        return new AlertFilter(fingerprint == null || fingerprint.isBlank() ? null : fingerprint.strip(),
                status == null || status.isBlank() ? null : WireEnum.parse(AlertStatus.class, status).orElseThrow(() ->
                        new InvalidRequestException("status", "must be one of " + WireEnum.allowed(AlertStatus.class))),
                decision == null || decision.isBlank() ? null : WireEnum.parse(AlertDecision.class, decision).orElseThrow(() ->
                        new InvalidRequestException("decision", "must be one of " + WireEnum.allowed(AlertDecision.class))),
                ruleId, StorableInstants.parameter("since", since));
    }

    String where() {
        List<String> clauses = new ArrayList<>();
        parameters().keySet().stream().sorted().forEach(name -> clauses.add(switch (name) {
            case "since" -> "receivedAt >= :since";
            default -> name + " = :" + name;
        }));
        return String.join(" and ", clauses);
    }

    Map<String, Object> parameters() {
        Map<String, Object> p = new HashMap<>();
        if (fingerprint != null) {
            p.put("fingerprint", fingerprint);
        }
        if (status != null) {
            p.put("status", status);
        }
        if (decision != null) {
            p.put("decision", decision);
        }
        if (ruleId != null) {
            p.put("ruleId", ruleId);
        }
        if (since != null) {
            p.put("since", since);
        }
        return p;
    }
}
