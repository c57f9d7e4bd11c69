package io.cyberbrain.api.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cyberbrain.model.error.InvalidRequestException.FieldError;

/** RFC 9457 problem details, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
