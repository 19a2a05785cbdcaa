package io.vrguard.analyzer.core;

import java.util.List;

/** A detection rule over one host's window. Pure: same window and policies, same findings. */
public interface Rule {
    /** Samples the window must hold before this rule may judge it; a shorter window is skipped and counted. */
    int intervalsNeeded();

    List<Finding> evaluate(HostWindow window, Policies policies);
}
