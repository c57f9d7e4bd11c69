package io.cyberbrain.worker.task.gpu;

/** nvidia-smi output that cannot be read at all (not XML, not CSV); single odd fields never raise this. */
public class GpuDataException extends RuntimeException {

    public GpuDataException(String message) {
        super(message);
    }

    public GpuDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
