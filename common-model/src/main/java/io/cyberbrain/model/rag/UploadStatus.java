package io.cyberbrain.model.rag;

import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

public enum UploadStatus implements WireEnum {
    QUEUED, PROCESSING, READY, FAILED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<UploadStatus> {
        public Converter() {
            super(UploadStatus.class);
        }
    }
}
