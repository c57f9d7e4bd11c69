package io.cyberbrain.api.common;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.cyberbrain.model.error.InvalidRequestException;

/**
 * The one check of every request's text for NUL characters ({@link NulCharacters}): the path and query string
 * before any resource sees them, form fields once read, and every JSON body before it is bound, whatever its
 * shape (records, maps, free-form configs).
 */
@Provider
public class NulCharacterChecks implements ReaderInterceptor {

    /** A decoded path or parameter holds a NUL exactly when its raw form has {@code %00}. */
    @ServerRequestFilter(preMatching = true)
    public void parameters(ContainerRequestContext request) {
        var uri = request.getUriInfo().getRequestUri();
        if (hasEncodedNul(uri.getRawPath())) {
            throw new InvalidRequestException("path", NulCharacters.MESSAGE);
        }
        String query = uri.getRawQuery();
        if (hasEncodedNul(query)) {
            for (String pair : query.split("&")) {
                if (hasEncodedNul(pair)) {
                    String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                    throw new InvalidRequestException(hasEncodedNul(name) ? "query" : name, NulCharacters.MESSAGE);
                }
            }
        }
    }

    /** Web UI forms (and multipart fields and file names), once read, before any resource binds them. */
    @ServerRequestFilter(readBody = true)
    public void formValues(ResteasyReactiveContainerRequestContext request) {
        if (!(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)
                || context.getFormData() == null) {
            return;
        }
        FormData form = context.getFormData();
        for (String name : form) {
            for (FormValue value : form.get(name)) {
                NulCharacters.requireNone(name, value.isFileItem() ? null : value.getValue());
                NulCharacters.requireNone(name, value.getFileName());
            }
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().toLowerCase(Locale.ROOT).contains("json")) {
            return context.proceed();
        }
        // Bodies are small here (BodyLimitFilter) and already received: reading them again costs one copy.
        byte[] body = context.getInputStream().readAllBytes();
        NulCharacters.requireNoneInJson(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    static boolean hasEncodedNul(String raw) {
        return raw != null && raw.indexOf('%') >= 0 && raw.toLowerCase(Locale.ROOT).contains("%00");
    }
}
