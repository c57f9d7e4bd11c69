package io.cyberbrain.api.run;

import java.util.List;

import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/runs} (and the original {@code POST /api/runs/launch/}). */
public record LaunchInput(
        @Size(max = 3) List<String> tasks,
        Long directiveId,
        String customDirectiveText,
        Boolean useRag,
        String task3Scope) {
}
