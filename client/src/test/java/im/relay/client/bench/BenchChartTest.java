package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchChartTest {

    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheTimeline() throws Exception {
        List<Timeline.Second> seconds = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            seconds.add(new Timeline.Second(s, 100, 98, 196, 0, 1.5, 4.0, 2.5, 9.0));
        }
        seconds.add(new Timeline.Second(6, 0, 0, 0, 0, null, null, null, null)); // a second without figures
        Path file = dir.resolve("chart.png");

        BenchChart.write(seconds, "test run", file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(800);
    }

    @Test
    void writesAPngOfAnEmptyTimeline() throws Exception {
        Path file = dir.resolve("empty.png");

        BenchChart.write(List.of(), "nothing measured", file);

        assertThat(Files.size(file)).isPositive();
        assertThat(ImageIO.read(file.toFile())).isNotNull();
    }
}
