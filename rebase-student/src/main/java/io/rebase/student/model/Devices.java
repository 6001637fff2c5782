package io.rebase.student.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Device selection: the first GPU when the engine sees one, the CPU otherwise. */
public final class Devices {

    private Devices() {}

    /** The preferred device for training and inference. */
    public static Device preferred() {
        if (System.getProperty("ai.djl.offline") == null) {
            // the PyTorch native library ships as a Maven dependency; never try to download it
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
