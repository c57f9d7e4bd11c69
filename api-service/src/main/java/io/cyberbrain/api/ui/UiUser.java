package io.cyberbrain.api.ui;

import io.cyberbrain.model.auth.Role;

/** Who is looking at a page: what the layout shows (name, role, which actions) and the form token it embeds. */
public record UiUser(String name, Role role, String csrf) {

    public boolean canOperate() {
        return role == Role.OPERATOR || role == Role.ADMIN;
    }

    public boolean canAdmin() {
        return role == Role.ADMIN;
    }

    public String roleName() {
        return role.wire();
    }
}
