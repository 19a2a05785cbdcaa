package io.vrguard.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline demo: a forwarding VR made of network namespaces, paced UDP through it, collector → KRaft broker →
 * analyzer → influxd, and one line per interval of what InfluxDB holds. Usage: {@code Demo [PPS] [SECONDS]}.
 */
public final class Demo {
    private Demo() {
    }

    private static void awaitFirstStoredSample(StoredRates stored, Pipeline pipeline) throws InterruptedException {
        for (int i = 0; i < 120 && stored.rows(Pipeline.HOST_ID, Pipeline.VR_NAME).isEmpty(); i++) {
            if (!pipeline.collector().isAlive() || !pipeline.analyzer().isAlive()) {
                throw new IllegalStateException("a service exited: " + pipeline.collector() + ", "
                        + pipeline.analyzer() + "; see " + pipeline.collector().log().getParent());
            }
            Thread.sleep(500);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        double pps = args.length > 0 ? Double.parseDouble(args[0]) : 4000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path workDir = Files.createTempDirectory("vrg-demo-");
        System.out.println("demo: starting broker, influxd, a namespaced VR, collector and analyzer (logs in "
                + workDir + ")");
        Pipeline pipeline = new Pipeline("vrgd", workDir, "1s");
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
        try (StoredRates stored = new StoredRates(pipeline.influx().url(), Pipeline.DATABASE)) {
            awaitFirstStoredSample(stored, pipeline);
            pipeline.vr().startTraffic(pps, seconds, workDir.resolve("sent.txt"));
            System.out.printf("demo: pipeline is storing samples; offering %.0f pps to VR %s for %d s%n", pps,
                    Pipeline.VR_NAME, seconds);
            System.out.println("  interval  offered_pps  stored_rx_pps  stored_delivered_pps");
            int shown = stored.rows(Pipeline.HOST_ID, Pipeline.VR_NAME).size();
            int first = shown;
            for (int t = 1; t <= seconds + 5; t++) {
                Thread.sleep(1000);
                List<double[]> rows = stored.rows(Pipeline.HOST_ID, Pipeline.VR_NAME);
                for (; shown < rows.size(); shown++) {
                    double[] row = rows.get(shown);
                    System.out.printf("%10d %12.0f %14.0f %21.0f%n", shown - first + 1, pps, row[0], row[1]);
                }
            }
        }
        String[] sent = Files.readString(workDir.resolve("sent.txt")).trim().split(" ");
        System.out.printf("demo: done; the source counted %s packets in %.1f s; logs in %s%n", sent[0],
                Double.parseDouble(sent[1]), workDir);
        System.exit(0);
    }
}
