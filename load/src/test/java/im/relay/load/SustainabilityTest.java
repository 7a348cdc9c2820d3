package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SustainabilityTest {

    /** offered 1000/s, fan-out 1, everything on time. */
    private static Sustainability.Figures fine() {
        return new Sustainability.Figures(1000, 1, 1000, 1000, 50, 0, 2);
    }

    @Test
    void aStepMeetingEveryRuleIsSustainable() {
        assertThat(Sustainability.broken(fine())).isEmpty();
        assertThat(Sustainability.sustainable(new Sustainability.Figures(1000, 1, 970, 950, 1000, 0.001, 1000)))
                .as("every threshold exactly met")
                .isTrue();
    }

    @Test
    void eachRuleAloneMakesAStepUnsustainable() {
        assertThat(Sustainability.broken(new Sustainability.Figures(1000, 1, 969, 1000, 50, 0, 2)))
                .singleElement()
                .asString()
                .contains("sent");
        assertThat(Sustainability.broken(new Sustainability.Figures(1000, 199, 1000, 189_000, 50, 0, 2)))
                .singleElement()
                .asString()
                .contains("delivered 189000/s < 95% of 199000/s");
        assertThat(Sustainability.broken(new Sustainability.Figures(1000, 1, 1000, 1000, 1001, 0, 2)))
                .singleElement()
                .asString()
                .contains("p99");
        assertThat(Sustainability.broken(new Sustainability.Figures(1000, 1, 1000, 1000, 50, 0.0011, 2)))
                .singleElement()
                .asString()
                .contains("undelivered");
        assertThat(Sustainability.broken(new Sustainability.Figures(1000, 1, 1000, 1000, 50, 0, 1001)))
                .singleElement()
                .asString()
                .contains("the tool fell behind");
        assertThat(Sustainability.sustainable(new Sustainability.Figures(1000, 1, 1000, 1000, Double.NaN, 0, 2)))
                .as("no delivery measured at all")
                .isFalse();
    }

    @Test
    void reportsTheHighestSustainableRateAndTheHighestWithin100Ms() {
        List<Sustainability.Figures> ladder = List.of(
                new Sustainability.Figures(500, 1, 500, 500, 20, 0, 1),
                new Sustainability.Figures(750, 1, 750, 750, 99, 0, 1),
                new Sustainability.Figures(1125, 1, 1125, 1125, 400, 0, 1),
                new Sustainability.Figures(1688, 1, 1688, 1200, 2600, 0.2, 1));

        assertThat(Sustainability.maxSustainable(ladder)).isEqualTo(1125);
        assertThat(Sustainability.maxFast(ladder)).isEqualTo(750);
        assertThat(Sustainability.maxSustainable(List.of(ladder.get(3)))).isZero();
    }

    @Test
    void theLadderMultipliesOrAddsUntilItsLimits() {
        LoadOptions.Rates rates = new LoadOptions.Rates();
        rates.ladder = true;
        rates.start = 500;
        rates.stepFactor = 1.5;
        rates.maxRate = 2000;
        rates.maxSteps = 30;
        assertThat(rates.rates()).containsExactly(500.0, 750.0, 1125.0, 1688.0);

        rates.stepIncrement = 250.0;
        rates.maxSteps = 3;
        assertThat(rates.rates()).containsExactly(500.0, 750.0, 1000.0);

        rates.ladder = false;
        rates.rate = 42;
        assertThat(rates.rates()).containsExactly(42.0);
    }
}
