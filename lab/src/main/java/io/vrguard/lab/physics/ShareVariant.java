package io.vrguard.lab.physics;

import io.vrguard.lab.scenario.RouterSpec;
import java.util.Map;

/** cpu.shares per VR for one pass over the scenario; VRs not named keep the default 1024. */
public record ShareVariant(String name, Map<String, Integer> shares) {
    public static ShareVariant equal() {
        return new ShareVariant("equal-shares", Map.of());
    }

    /** The favoured VR gets {@code ratio} times the default; the others keep it. */
    public static ShareVariant favour(String router, int ratio) {
        return new ShareVariant(router + "-x" + ratio, Map.of(router, RouterSpec.DEFAULT_SHARES * ratio));
    }

    public int sharesOf(String router) {
        return shares.getOrDefault(router, RouterSpec.DEFAULT_SHARES);
    }
}
