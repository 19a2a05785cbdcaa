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

    public static void main(String[] args) throws IOException, InterruptedException {
        double pps = args.length > 0 ? Double.parseDouble(args[0]) : 4000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path workDir = Files.createTempDirectory("vrg-demo-");
        System.out.println("demo: starting broker, influxd, a namespaced VR, collector and analyzer (logs in "
                + workDir + ")");
        Pipeline pipeline = new Pipeline("vrgd", workDir, "1s");
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
        try (StoredRates stored = new StoredRates(pipeline.influx().url(), Pipeline.DATABASE)) {
            pipeline.vr().startTraffic(pps, seconds, workDir.resolve("sent.txt"));
            System.out.printf("demo: offering %.0f pps to VR %s for %d s%n", pps, Pipeline.VR_NAME, seconds);
            System.out.println("  t   offered_pps  stored_rx_pps  stored_delivered_pps");
            int shown = 0;
            for (int t = 1; t <= seconds + 5; t++) {
                Thread.sleep(1000);
                List<double[]> rows = stored.rows(Pipeline.HOST_ID, Pipeline.VR_NAME);
                for (; shown < rows.size(); shown++) {
                    double[] row = rows.get(shown);
                    System.out.printf("%3d %12.0f %14.0f %21.0f%n", t, pps, row[0], row[1]);
                }
            }
        }
        System.out.println("demo: done; sent by the source: " + Files.readString(workDir.resolve("sent.txt")).trim()
                + " packets in seconds; logs in " + workDir);
        System.exit(0);
    }
}
