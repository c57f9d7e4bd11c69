package io.cyberbrain.api.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A web UI page request carrying a session cookie. */
public class UiSessionRequest extends BaseAuthenticationRequest {

    private final String cookieValue;

    public UiSessionRequest(String cookieValue) {
        this.cookieValue = cookieValue;
    }

    public String cookieValue() {
        return cookieValue;
    }
}
