package io.cyberbrain.api.mcp;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.cyberbrain.api.common.NulCharacters;
import io.cyberbrain.model.error.InvalidRequestException;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;

/**
 * Every tool's arguments pass the REST API's rule for text ({@link NulCharacters}: PostgreSQL cannot store a NUL)
 * before the tool runs, whatever their shape: a NUL is a tool error naming the argument as the REST API names a field
 * ({@code log_files[1]}), not an internal error from deep in a write. (The extension's input guardrails would see the
 * raw arguments, but it fails on a call that leaves {@code arguments} out, which MCP allows.)
 */
@CheckedToolArguments
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class ToolArgumentChecks {

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        Method method = invocation.getMethod();
        if (!method.isAnnotationPresent(Tool.class)) {
            return invocation.proceed();
        }
        Parameter[] parameters = method.getParameters();
        Object[] values = invocation.getParameters();
        try {
            for (int i = 0; i < parameters.length; i++) {
                NulCharacters.requireNoneIn(name(parameters[i]), values[i]);
            }
        } catch (InvalidRequestException e) {
            ToolCallException refused = new ToolCallException(e.getMessage());
            if (Uni.class.isAssignableFrom(method.getReturnType())) {
                return Uni.createFrom().failure(refused);
            }
            throw refused;
        }
        return invocation.proceed();
    }

    private static String name(Parameter parameter) {
        ToolArg arg = parameter.getAnnotation(ToolArg.class);
        return arg != null && !arg.name().isEmpty() && !ToolArg.ELEMENT_NAME.equals(arg.name()) ? arg.name() : parameter.getName();
    }
}
