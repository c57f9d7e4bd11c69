package io.cyberbrain.model.auth;

import java.util.Set;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/**
 * viewer reads; operator also launches and manages schedules and uploads; admin manages everything. alerts stands
 * apart: a monitor's token (Alertmanager's), which may post alerts and do nothing else, not even read.
 */
public enum Role implements WireEnum {
    VIEWER, OPERATOR, ADMIN, ALERTS;

    public static final String VIEWER_ROLE = "viewer";
    public static final String OPERATOR_ROLE = "operator";
    public static final String ADMIN_ROLE = "admin";
    public static final String ALERTS_ROLE = "alerts";

    /** The role names a holder of this role has, so that {@code @RolesAllowed("viewer")} admits an admin. */
    public Set<String> grantedRoles() {
        return switch (this) {
            case VIEWER -> Set.of(VIEWER_ROLE);
            case OPERATOR -> Set.of(VIEWER_ROLE, OPERATOR_ROLE);
            case ADMIN -> Set.of(VIEWER_ROLE, OPERATOR_ROLE, ADMIN_ROLE);
            case ALERTS -> Set.of(ALERTS_ROLE);
        };
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<Role> {
        public Converter() {
            super(Role.class);
        }
    }
}
